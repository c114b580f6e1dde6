package io.newswatch.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads stories from the clustering task's {@code stories} store (Kafka Streams interactive
 * queries). The store has one partition, so one instance holds every story; docs/stories.md says
 * what that means with several instances.
 */
public final class StoryQueries {
    private final Supplier<ReadOnlyKeyValueStore<String, StoredStory>> store;

    public StoryQueries(KafkaStreams streams) {
        this(() -> streams.store(StoreQueryParameters.fromNameAndType(AlertTopology.STORIES_STORE,
                QueryableStoreTypes.<String, StoredStory>keyValueStore())));
    }

    StoryQueries(Supplier<ReadOnlyKeyValueStore<String, StoredStory>> store) {
        this.store = store;
    }

    /** Merges followed at most this many times (a chain is as long as the merges one event went through). */
    static final int MAX_MERGE_HOPS = 64;

    /**
     * A story with its documents; empty when unknown or expired. The id of a story that another absorbed gives the
     * surviving story (following merges), so a link from an earlier alert or notification keeps working; when the
     * survivor is gone (expired), the absorbed story's own last state, with its {@code mergedInto}.
     */
    public Optional<StoryView> story(String id) {
        ReadOnlyKeyValueStore<String, StoredStory> stories = store.get();
        StoredStory story = stories.get(id);
        for (int hop = 0; story != null && story.mergedInto() != null && hop < MAX_MERGE_HOPS; hop++) {
            StoredStory survivor = stories.get(story.mergedInto());
            if (survivor == null) {
                break;
            }
            story = survivor;
        }
        return Optional.ofNullable(story).map(StoryView::of);
    }

    /**
     * Stories with a document seen at or after {@code since}, optionally only those a rule matched,
     * most recently grown first, at most {@code limit}. Stories merged into another are left out (their
     * documents are in the survivor).
     */
    public List<StorySummaryView> recent(Instant since, String rule, int limit) {
        List<StorySummaryView> found = new ArrayList<>();
        try (KeyValueIterator<String, StoredStory> all = store.get().all()) {
            while (all.hasNext()) {
                StoredStory story = all.next().value;
                if (story.mergedInto() != null || story.state().lastSeen().isBefore(since)
                        || (rule != null && !story.rules().contains(rule))) {
                    continue;
                }
                found.add(StorySummaryView.of(story));
            }
        }
        found.sort(Comparator.comparing(StorySummaryView::lastSeen).reversed().thenComparing(StorySummaryView::id));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    /** A story in a list: its counts, without its documents. */
    public record StorySummaryView(String id, String title, Instant firstSeen, Instant lastSeen, int documentCount,
            int sourceCount, List<String> rules, boolean breaking, boolean closed) {
        static StorySummaryView of(StoredStory stored) {
            var s = stored.state();
            return new StorySummaryView(s.id(), s.title(), s.firstSeen(), s.lastSeen(), s.documentCount(),
                    s.sources().size(), stored.rules(), stored.breaking(), stored.closed());
        }
    }
}
