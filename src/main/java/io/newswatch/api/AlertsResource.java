package io.newswatch.api;

import io.newswatch.archive.AlertPage;
import io.newswatch.archive.ArchiveRequestException;
import io.newswatch.archive.ArchiveService;
import io.newswatch.archive.ArchiveSearcher;
import io.newswatch.archive.TimeParameter;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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

/** {@code GET /api/alerts}: alerts that fired, from the archive, newest first. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {
    @Inject ArchiveService archive;
    @Inject Clock clock;

    @GET
    @Operation(summary = "List archived alerts", description = "What fired, when, on which document, with score, highlights and snippet; newest first, paged by cursor.")
    @APIResponse(responseCode = "200", description = "a page of alerts")
    @APIResponse(responseCode = "400", description = "bad range, limit or cursor")
    @APIResponse(responseCode = "503", description = "the archive is disabled")
    public Response alerts(
            @Parameter(description = "only this rule's alerts") @QueryParam("rule") String rule,
            @Parameter(description = "made at or after: ISO instant, date, or span back (24h)") @QueryParam("since") String since,
            @Parameter(description = "made before") @QueryParam("until") String until,
            @Parameter(description = "page size, default 20") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) throws IOException {
        ArchiveSearcher searcher = archive.searcher().orElse(null);
        if (searcher == null) {
            return ArchiveErrors.unavailable();
        }
        try {
            Instant now = clock.instant();
            AlertPage page = searcher.alerts(rule, TimeParameter.parse("since", since, now), TimeParameter.parse("until", until, now),
                    ArchiveErrors.limit(limit, SearchResource.DEFAULT_LIMIT), cursor);
            return Response.ok(page).build();
        } catch (ArchiveRequestException e) {
            return ArchiveErrors.badRequest(e);
        }
    }
}
