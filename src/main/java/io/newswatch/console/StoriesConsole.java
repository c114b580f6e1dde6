package io.newswatch.console;

import io.newswatch.pipeline.StoryQueries;
import io.newswatch.pipeline.StoryView;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The stories page: the stories of the chosen span (default the last day) by recent growth, the
 * documents they gained in the last hour first, each with its sources and documents.
 */
@Path("/console/stories")
@Produces(MediaType.TEXT_HTML)
public class StoriesConsole {
    /** How many stories the page looks at (the most recently grown) and shows. */
    static final int LOOKED_AT = 500;
    static final int SHOWN = 50;
    static final int DOCUMENTS_SHOWN = 50;
    static final Duration GROWTH_WINDOW = Duration.ofHours(1);
    static final Map<String, Duration> SPANS = Map.of("1h", Duration.ofHours(1), "6h", Duration.ofHours(6),
            "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));

    @Inject KafkaStreams streams;
    @Inject Clock clock;
    @Inject @Location("console/stories.html") Template page;

    @TemplateData
    public record StoryRow(String id, String title, String firstSeen, String lastSeen, int documentCount, int sourceCount,
                           long lastHour, List<String> sources, List<String> rules, boolean breaking, boolean closed,
                           List<DocumentRow> documents, int hidden) {}

    @TemplateData
    public record DocumentRow(String title, String link, String source, String seen, boolean duplicate) {}

    @GET
    public String stories(@QueryParam("since") String since) {
        String span = since != null && SPANS.containsKey(since.strip()) ? since.strip() : "24h";
        Instant now = clock.instant();
        List<StoryRow> rows = new ArrayList<>();
        boolean ready = true;
        long total = 0;
        try {
            StoryQueries queries = new StoryQueries(streams);
            List<StoryQueries.StorySummaryView> recent = queries.recent(now.minus(SPANS.get(span)), null, LOOKED_AT);
            total = recent.size();
            for (StoryQueries.StorySummaryView summary : recent) {
                queries.story(summary.id()).ifPresent(story -> rows.add(row(story, now)));
            }
        } catch (InvalidStateStoreException e) {
            ready = false;
        }
        rows.sort(Comparator.comparingLong(StoryRow::lastHour).reversed()
                .thenComparing(StoryRow::lastSeen, Comparator.reverseOrder()).thenComparing(StoryRow::id));
        return page.data("span", span).data("spans", List.of("1h", "6h", "24h", "7d")).data("ready", ready).data("total", total)
                .data("stories", rows.size() > SHOWN ? rows.subList(0, SHOWN) : rows).render();
    }

    static StoryRow row(StoryView story, Instant now) {
        Instant growthFrom = now.minus(GROWTH_WINDOW);
        long lastHour = story.documents().stream().filter(d -> d.seen() != null && !d.seen().isBefore(growthFrom)).count();
        List<StoryView.Item> newestFirst = new ArrayList<>(story.documents());
        newestFirst.sort(Comparator.comparing(StoryView.Item::seen, Comparator.nullsLast(Comparator.reverseOrder())));
        List<DocumentRow> documents = newestFirst.stream().limit(DOCUMENTS_SHOWN).map(d -> new DocumentRow(
                d.title() == null || d.title().isBlank() ? d.id() : d.title(), d.url(),
                (d.source() == null ? "" : d.source()) + (d.path() != null ? " · " + d.path() : ""), Views.time(d.seen()),
                d.duplicateOf() != null)).toList();
        return new StoryRow(story.id(), story.title() == null || story.title().isBlank() ? story.id() : story.title(),
                Views.time(story.firstSeen()), Views.time(story.lastSeen()), story.documentCount(), story.sourceCount(), lastHour,
                story.sources(), story.rules(), story.breaking(), story.closed(), documents,
                Math.max(0, story.documentCount() - documents.size()));
    }
}
