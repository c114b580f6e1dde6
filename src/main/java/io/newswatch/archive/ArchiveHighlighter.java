package io.newswatch.archive;

import io.newswatch.matching.Match;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.document.Document;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.search.Query;

/**
 * Highlights and snippet of an archived document for a query, made exactly as an alert's are: the
 * query runs against the one document through the matcher ({@link RuleMatcher}), so a search hit
 * shows the same evidence an alert for the same rule shows. Only the documents of one page go
 * through it. Thread-safe (the matcher is); kept per query by {@link ArchiveHighlighters}.
 */
final class ArchiveHighlighter implements AutoCloseable {
    private static final String QUERY_ID = "query";
    private final RuleMatcher matcher = new RuleMatcher();

    ArchiveHighlighter(Query query) {
        matcher.register(QUERY_ID, query);
    }

    /** The match of the query on the document; empty when only the archive's index matched it (it should not happen). */
    Optional<Match> evidence(Document document) {
        List<Match> matches = matcher.match(document);
        return matches.isEmpty() ? Optional.empty() : Optional.of(matches.getFirst());
    }

    @Override
    public void close() {
        matcher.close();
    }
}
