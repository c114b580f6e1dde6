package io.newswatch.archive;

import io.newswatch.matching.Highlight;
import java.time.Instant;
import java.util.List;

/**
 * One archived document in a result list, with the evidence a reader needs, as alerts show it.
 *
 * @param score      the archive's relevance score for the query (BM25 over the archive; not the alert score)
 * @param alerts     the alerts archived for this document (rule, score, alert id)
 * @param story      the id of the story the document belongs to (docs/stories.md); null when not known
 */
public record ArchivedHit(String id, String title, String url, String path, String source, Instant published,
                          Instant ingested, String language, double score, List<Highlight> highlights, String snippet,
                          List<AlertRef> alerts, String story) {
    public ArchivedHit {
        highlights = List.copyOf(highlights);
        alerts = List.copyOf(alerts);
    }

    public ArchivedHit(String id, String title, String url, String path, String source, Instant published,
                       Instant ingested, String language, double score, List<Highlight> highlights, String snippet,
                       List<AlertRef> alerts) {
        this(id, title, url, path, source, published, ingested, language, score, highlights, snippet, alerts, null);
    }

    /** An alert that fired on the document. */
    public record AlertRef(String alert, String rule, double score, Instant time) {}
}
