package io.newswatch.api;

import io.newswatch.ingest.IngestException;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.text.CleanText;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.text.TextCleaner;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/match[?explain=true]}: a rule tester for operators. The text is cleaned as a
 * file would be and matched against the rules in force; nothing is published. With
 * {@code explain=true} each match also names the rule's alternatives that fired and their words.
 */
@Path("/api/match")
public class MatchResource {
    static final int MAX_CHARS = 1 << 20;

    @Inject RuleRegistry rules;

    /** {@code explain}: the rule's alternatives that fired, with their words; only with {@code ?explain=true}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MatchView(String rule, double score, List<Highlight> highlights, String snippet, List<PartView> explain) {}

    /** One alternative of a rule that fired, as written in the rule language, and the words it matched. */
    public record PartView(String part, List<String> words) {}

    public record MatchesView(String document, String title, List<MatchView> matches) {}

    @POST
    @Consumes({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response match(byte[] body, @QueryParam("explain") boolean explain) {
        if (body != null && body.length > 4L * MAX_CHARS) {
            return error(413, "text is longer than " + MAX_CHARS + " characters; send one article at a time");
        }
        String text;
        try {
            // the file reader's own check: what it refuses as a binary file is refused here too
            text = body == null || body.length == 0 ? "" : DocumentFileReader.decodeText("request body", body);
        } catch (IngestException e) {
            return error(415, "the body is not text: " + e.problem());
        }
        if (text.isBlank()) {
            return error(400, "empty body; POST the article text, e.g. curl --data-binary @article.txt -H 'Content-Type: text/plain'");
        }
        if (text.length() > MAX_CHARS) {
            return error(413, "text is longer than " + MAX_CHARS + " characters; send one article at a time");
        }
        CleanText clean = TextCleaner.clean(text);
        if (clean.body().isBlank() && (clean.title() == null || clean.title().isBlank())) {
            return error(400, "nothing left to match after cleanup (the text holds only markup or debris lines)");
        }
        Instant now = Instant.now();
        String id = DocumentIds.forText(clean.normalized());
        Document document = new Document(id, "api", "api:/api/match", clean.title(), clean.body(), now, "en", now, List.of(), List.of());
        List<MatchView> matches = rules.match(document).stream()
                .map(m -> new MatchView(m.ruleId(), m.score(), m.highlights(), m.snippet(), explain ? explain(m, document) : null))
                .toList();
        return Response.ok(new MatchesView(id, document.title(), matches)).build();
    }

    private List<PartView> explain(Match match, Document document) {
        return rules.explain(match.ruleId(), document).stream()
                .map(p -> new PartView(p.part(), p.words().stream().map(Highlight::term).distinct().toList()))
                .toList();
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
