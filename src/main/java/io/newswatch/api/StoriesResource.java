package io.newswatch.api;

import io.newswatch.pipeline.StoryQueries;
import io.newswatch.pipeline.StoryView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code GET /api/stories?since=&rule=&limit=}: recent stories with their counts, most recently
 * grown first; {@code GET /api/stories/{id}}: one story with its documents in arrival order.
 * Answers 503 while the pipeline is starting or rebalancing (the store is not queryable then).
 */
@Path("/api/stories")
@Produces(MediaType.APPLICATION_JSON)
public class StoriesResource {
    static final Duration DEFAULT_SINCE = Duration.ofHours(24);
    static final int MAX_LIMIT = 1000;
    private static final Pattern AGO = Pattern.compile("(\\d{1,6})(m|h|d)");

    @Inject KafkaStreams streams;
    @Inject Clock clock;

    @GET
    public Response list(@QueryParam("since") String since, @QueryParam("rule") String rule, @QueryParam("limit") String limit) {
        Instant from;
        int max;
        try {
            from = since(since, clock.instant());
            max = limit(limit);
        } catch (IllegalArgumentException e) {
            return problem(Response.Status.BAD_REQUEST, e.getMessage());
        }
        try {
            return Response.ok(new StoryQueries(streams).recent(from, rule == null || rule.isBlank() ? null : rule, max)).build();
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        try {
            return new StoryQueries(streams).story(id)
                    .map(story -> Response.ok((StoryView) story).build())
                    .orElseGet(() -> problem(Response.Status.NOT_FOUND, "no story " + id + " (unknown, or closed longer ago than NEWSWATCH_STORIES_RETENTION)"));
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
    }

    /** {@code since}: an ISO-8601 instant ({@code 2026-03-10T08:00:00Z}) or an age ({@code 30m}, {@code 24h}, {@code 7d}); default 24h. */
    static Instant since(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return now.minus(DEFAULT_SINCE);
        }
        Matcher ago = AGO.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            return now.minus(switch (ago.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since=" + text + " is neither an age like 24h, 30m or 7d nor a UTC time like 2026-03-10T08:00:00Z");
        }
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return 100;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit=" + text + " must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static Response notReady() {
        return problem(Response.Status.SERVICE_UNAVAILABLE, "stories are not queryable yet: the pipeline is starting or rebalancing; retry in a few seconds");
    }

    private static Response problem(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
