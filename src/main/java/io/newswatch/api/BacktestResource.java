package io.newswatch.api;

import io.newswatch.archive.ArchiveRequestException;
import io.newswatch.archive.ArchiveService;
import io.newswatch.archive.Backtest;
import io.newswatch.archive.DraftRule;
import io.newswatch.archive.TimeParameter;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.FileProblem;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.rules.query.QueryException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.search.Query;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/backtest}: a draft rule file (YAML in the body, never written anywhere) run over
 * the archive, with the difference against the rule in force with the same id.
 */
@Path("/api/backtest")
@Produces(MediaType.APPLICATION_JSON)
public class BacktestResource {
    static final String DEFAULT_SINCE = "7d";

    @Inject ArchiveService archive;
    @Inject RuleRegistry rules;
    @Inject Clock clock;

    public record BacktestView(String rule, String query, boolean inForce, Instant from, Instant to, Backtest.Result result) {}

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Operation(summary = "Backtest a draft rule on the archive",
            description = "The body is a rule file's YAML. Returns its matches in the range with highlights, counts per UTC day and,"
                    + " when a rule with the same id is in force, the documents the draft would add and lose. Runs within a time limit"
                    + " and keeps a capped number of matches; timedOut and capped say when they were hit. Synchronous: it answers"
                    + " when the backtest is done (seconds for a whole rule over a large archive); the console's workbench runs the"
                    + " same backtest as a background job instead.")
    @RequestBody(description = "the rule file's YAML, as it would be saved in rules/<id>.yml", required = true)
    @APIResponse(responseCode = "200", description = "the backtest's result")
    @APIResponse(responseCode = "400", description = "the draft does not load (problems with line and column), or a bad range or limit")
    @APIResponse(responseCode = "413", description = "the draft is larger than 64 KiB")
    @APIResponse(responseCode = "503", description = "the archive is disabled")
    public Response backtest(
            String yaml,
            @Parameter(description = "start: ISO instant, date, or span back from now; default 7d") @QueryParam("since") String since,
            @Parameter(description = "end (exclusive): ISO instant, date, or span back; default now") @QueryParam("until") String until,
            @Parameter(description = "documents listed per list (matches, added, lost), default 20") @QueryParam("limit") String limit) throws IOException {
        Backtest backtest = archive.backtest().orElse(null);
        if (backtest == null) {
            return ArchiveErrors.unavailable();
        }
        if (yaml == null || yaml.isBlank()) {
            return MatchResource.error(400, "empty body; POST a rule file's YAML, e.g. curl --data-binary @rules/treaty.yml -H 'Content-Type: application/yaml'");
        }
        if (yaml.length() > DraftRule.MAX_BYTES) {
            return MatchResource.error(413, "the draft is larger than " + DraftRule.MAX_BYTES / 1024 + " KiB; rule files are a few hundred bytes");
        }
        try {
            DraftRule draft = DraftRule.parse(null, yaml, rules.compiler());
            Instant now = clock.instant();
            Instant from = TimeParameter.parse("since", since == null || since.isBlank() ? DEFAULT_SINCE : since, now);
            Instant to = TimeParameter.parse("until", until, now);
            Optional<Query> inForce = inForceQuery(draft.rule().id());
            Backtest.Result result = backtest.run(new Backtest.Request(draft.query(), inForce, from, to,
                    ArchiveErrors.limit(limit, SearchResource.DEFAULT_LIMIT)));
            return Response.ok(new BacktestView(draft.rule().id(), draft.rule().query(), inForce.isPresent(), from, to, result)).build();
        } catch (InvalidFileException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "the draft rule does not load; nothing was run");
            body.put("problems", e.problems().stream().map(BacktestResource::problem).toList());
            return Response.status(400).type(MediaType.APPLICATION_JSON).entity(body).build();
        } catch (ArchiveRequestException e) {
            return ArchiveErrors.badRequest(e);
        }
    }

    private Optional<Query> inForceQuery(String id) {
        return rules.rule(id).flatMap(rule -> {
            try {
                return Optional.of(rules.compiler().compile(rule.query()));
            } catch (QueryException e) {
                return Optional.empty(); // the rule in force compiled when it loaded; only an alias change since could break it
            }
        });
    }

    private static Map<String, Object> problem(FileProblem p) {
        return Map.of("line", p.line(), "column", p.column(), "message", p.message(), "text", p.toString());
    }
}
