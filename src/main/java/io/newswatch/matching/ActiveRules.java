package io.newswatch.matching;

import io.newswatch.rules.Rule;
import io.newswatch.document.Document;
import java.util.List;
import java.util.Optional;

/** The rules in force right now; they change under hot reload, so the topology asks per document. */
public interface ActiveRules {
    List<Match> match(Document document);

    Optional<Rule> rule(String id);
}
