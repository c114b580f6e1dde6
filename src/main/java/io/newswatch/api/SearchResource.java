package io.newswatch.api;

import io.newswatch.archive.ArchiveRequestException;
import io.newswatch.archive.ArchiveService;
import io.newswatch.archive.ArchiveSearcher;
import io.newswatch.archive.SearchPage;
import io.newswatch.archive.SearchRequest;
import io.newswatch.archive.TimeParameter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /api/search}: the archive searched with the rule language (docs/search.md). */
@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
    static final int DEFAULT_LIMIT = 20;

    @Inject ArchiveService archive;
    @Inject Clock clock;

    @GET
    @Operation(summary = "Search archived documents with the rule language",
            description = "Documents newest first (or by score), with highlights and snippet as alerts have them, the total, hits per UTC day and a cursor for the next page.")
    @APIResponse(responseCode = "200", description = "a page of hits")
    @APIResponse(responseCode = "400", description = "bad query (message, position and column), bad range, limit or cursor")
    @APIResponse(responseCode = "503", description = "the archive is disabled")
    public Response search(
            @Parameter(description = "query in the rule language, e.g. troops NEAR/5 border", required = true) @QueryParam("q") String q,
            @Parameter(description = "published at or after: ISO instant, date, or span back (7d)") @QueryParam("from") String from,
            @Parameter(description = "published before: ISO instant, date, or span back") @QueryParam("to") String to,
            @Parameter(description = "only documents of this source (feed name, or file)") @QueryParam("source") String source,
            @Parameter(description = "only documents this rule alerted on") @QueryParam("rule") String rule,
            @Parameter(description = "newest (default) or score") @QueryParam("order") String order,
            @Parameter(description = "page size, 1 to the configured maximum (100); default 20") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "only documents of this story (a story id, as /api/stories and alerts give it)") @QueryParam("story") String story)
            throws IOException {
        return run(q, from, to, source, rule, order, limit, cursor, story);
    }

    /** The parameters of a search as a JSON body, for queries too long for a URL. */
    public record Body(String q, String from, String to, String source, String rule, String order, String limit, String cursor, String story) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search archived documents, the parameters in a JSON body",
            description = "The same search and answer as GET /api/search, for long queries: the body is an object with the GET parameters as fields, "
                    + "e.g. {\"q\": \"troops NEAR/5 border\", \"from\": \"7d\", \"limit\": \"20\"}.")
    @APIResponse(responseCode = "200", description = "a page of hits")
    @APIResponse(responseCode = "400", description = "bad query (message, position and column), bad range, limit or cursor, or no body")
    @APIResponse(responseCode = "503", description = "the archive is disabled")
    public Response searchPost(Body body) throws IOException {
        if (body == null) {
            return ArchiveErrors.badRequest(new ArchiveRequestException("q", "the body must be a JSON object with at least \"q\", e.g. {\"q\": \"troops\"}"));
        }
        return run(body.q(), body.from(), body.to(), body.source(), body.rule(), body.order(), body.limit(), body.cursor(), body.story());
    }

    private Response run(String q, String from, String to, String source, String rule, String order, String limit, String cursor, String story)
            throws IOException {
        ArchiveSearcher searcher = archive.searcher().orElse(null);
        if (searcher == null) {
            return ArchiveErrors.unavailable();
        }
        try {
            Instant now = clock.instant();
            SearchRequest.Order sorted = switch (order == null ? "newest" : order.strip()) {
                case "", "newest" -> SearchRequest.Order.NEWEST;
                case "score" -> SearchRequest.Order.SCORE;
                default -> throw new ArchiveRequestException("order", "order must be newest or score");
            };
            SearchPage page = searcher.search(new SearchRequest(q, TimeParameter.parse("from", from, now),
                    TimeParameter.parse("to", to, now), source, rule, sorted, ArchiveErrors.limit(limit, DEFAULT_LIMIT), cursor, story));
            return Response.ok(page).build();
        } catch (ArchiveRequestException e) {
            return ArchiveErrors.badRequest(e);
        }
    }
}
