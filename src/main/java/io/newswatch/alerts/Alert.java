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
 * @param id   deterministic: the same rule and document always give the same id, so a
 *             re-delivered alert can be recognised by every consumer
 * @param time when the match was made
 */
public record Alert(
        String id,
        Instant time,
        RuleSummary rule,
        DocumentSummary document,
        double score,
        List<Highlight> highlights,
        String snippet) {

    public Alert {
        highlights = List.copyOf(highlights);
    }

    /** The rule as an alert names it. */
    public record RuleSummary(String id, String title, String severity) {}

    /** The document as an alert names it; exactly one of {@code url} and {@code path} is set. */
    public record DocumentSummary(String id, String title, String url, String path, String source, Instant published) {}

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
