package io.newswatch.alerts;

import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.rules.Rule;
import io.newswatch.document.Document;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One rule matching one document: what subscribers receive (as the {@code data} of a CloudEvent,
 * see {@link AlertCodec}) and what notifications list.
 *
 * @param id    deterministic: the same rule and document always give the same id, so a
 *              re-delivered alert can be recognised by every consumer
 * @param time  when the match was made
 * @param story the story the document belongs to, null before clustering (or from an older producer)
 */
public record Alert(
        String id,
        Instant time,
        RuleSummary rule,
        DocumentSummary document,
        double score,
        List<Highlight> highlights,
        String snippet,
        StorySummary story) {

    public Alert {
        highlights = List.copyOf(highlights);
    }

    /** An alert not (yet) placed in a story. */
    public Alert(String id, Instant time, RuleSummary rule, DocumentSummary document, double score,
            List<Highlight> highlights, String snippet) {
        this(id, time, rule, document, score, highlights, snippet, null);
    }

    /** This alert placed in its story; {@code duplicateOf} marks the document as a near-duplicate (null if not). */
    public Alert inStory(StorySummary story, String duplicateOf) {
        DocumentSummary d = document;
        return new Alert(id, time, rule, new DocumentSummary(d.id(), d.title(), d.url(), d.path(), d.source(), d.published(), duplicateOf),
                score, highlights, snippet, story);
    }

    /**
     * The story of an alert's document, as of the alert.
     *
     * @param id        story id (the id of its first document)
     * @param title     the first document's headline
     * @param documents documents in the story so far, near-duplicates included
     * @param sources   distinct sources in the story so far
     * @param firstSeen when its first document was read
     * @param lastSeen  when its latest document was read
     * @param firstAlert the id of the first alert of this alert's rule on this story (this alert's own id when
     *                   it is the first): a notification listing it is the story's first for the rule, any
     *                   later one an update; null in alerts written before it existed
     * @param newSource  false when an earlier alert of this alert's rule on this story (or on a story merged into it)
     *                   came from this document's source, true when none did: a notification's "+N sources" lists the
     *                   new ones only; null in alerts written before it existed (read as new)
     */
    public record StorySummary(String id, String title, int documents, int sources, Instant firstSeen, Instant lastSeen,
            String firstAlert, Boolean newSource) {
        public StorySummary(String id, String title, int documents, int sources, Instant firstSeen, Instant lastSeen) {
            this(id, title, documents, sources, firstSeen, lastSeen, null, null);
        }

        /** This summary as seen by an alert of a rule whose first alert on the story is {@code firstAlert}. */
        public StorySummary withFirstAlert(String firstAlert) {
            return new StorySummary(id, title, documents, sources, firstSeen, lastSeen, firstAlert, newSource);
        }

        /** This summary with {@link #newSource} set. */
        public StorySummary withNewSource(boolean newSource) {
            return new StorySummary(id, title, documents, sources, firstSeen, lastSeen, firstAlert, newSource);
        }
    }

    /** The rule as an alert names it. */
    public record RuleSummary(String id, String title, String severity) {}

    /**
     * The document as an alert names it; exactly one of {@code url} and {@code path} is set;
     * {@code duplicateOf} is the id of the first copy when the document is a near-duplicate, else null.
     */
    public record DocumentSummary(String id, String title, String url, String path, String source, Instant published, String duplicateOf) {
        public DocumentSummary(String id, String title, String url, String path, String source, Instant published) {
            this(id, title, url, path, source, published, null);
        }

        /**
         * The source as notifications name it, on one line: "unknown source" when the document has none (null or
         * blank), line breaks as spaces (notifications list sources one per line, and stores keep them so).
         */
        public String sourceName() {
            return source == null || source.isBlank() ? "unknown source" : source.replace('\n', ' ').replace('\r', ' ');
        }
    }

    public static Alert of(Rule rule, Document document, Match match, Instant time) {
        var ruleSummary = new RuleSummary(rule.id(), rule.title(), rule.severity().label());
        var documentSummary = new DocumentSummary(
                document.id(),
                document.title(),
                document.isUrl() ? document.location() : null,
                document.isUrl() ? null : document.location(),
                document.source(),
                document.published());
        return new Alert(idFor(rule.id(), document.id()), time, ruleSummary, documentSummary,
                match.score(), match.highlights(), match.snippet());
    }

    /** First 32 hex digits of SHA-256 over {@code ruleId + "\n" + documentId}. */
    public static String idFor(String ruleId, String documentId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ruleId + "\n" + documentId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
