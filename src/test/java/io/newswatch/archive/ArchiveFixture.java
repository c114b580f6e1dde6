package io.newswatch.archive;

import io.newswatch.alerts.Alert;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Aliases;
import java.time.Instant;
import java.util.List;

/** Documents and alerts for archive tests. */
final class ArchiveFixture {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private ArchiveFixture() {}

    static io.newswatch.document.Document document(String id, String title, String body, Instant published) {
        return new io.newswatch.document.Document(id, "file", "seeds/" + id + ".txt", title, body, published, "en", published,
                List.of(), List.of());
    }

    static Alert alert(String rule, String documentId, double score, Instant time) {
        return new Alert(Alert.idFor(rule, documentId), time, new Alert.RuleSummary(rule, rule + " title", "high"),
                new Alert.DocumentSummary(documentId, "title of " + documentId, null, "seeds/" + documentId + ".txt", "file", time),
                score, List.of(new Highlight("body", "troops", 0, 6)), "troops …");
    }

    static ArchiveSearcher searcher(ArchiveIndex index) {
        return new ArchiveSearcher(index, () -> new RuleCompiler(Aliases.NONE), 100);
    }
}
