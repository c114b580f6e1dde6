package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.stories.StoryDocument;
import io.newswatch.stories.StoryState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoryQueriesTest {
    static final Instant T = Instant.parse("2026-03-10T08:00:00Z");
    KeyValueStore<String, StoredStory> store;
    StoryQueries queries;

    static StoredStory story(String id, int hoursAgo, List<String> rules) {
        Instant seen = T.minusSeconds(3600L * hoursAgo);
        StoryState state = new StoryState(id, "title " + id, seen.minusSeconds(60), seen, 2, List.of("a", "b"),
                List.of(new StoryDocument(id, "a", "title " + id, "https://a/" + id, seen.minusSeconds(60), null),
                        new StoryDocument(id + "-2", "b", "copy", "seeds/x.txt", seen, id)),
                Map.of("term", 2.0), Map.of(), 0);
        return new StoredStory(state, rules, false, false);
    }

    @BeforeEach
    void fill() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("stories"), Serdes.String(), StoredStory.serde())
                .withLoggingDisabled().build();
        MockProcessorContext<String, StoryOutput> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        store.put("old", story("old", 48, List.of("troops")));
        store.put("new", story("new", 1, List.of("troops", "pact")));
        store.put("mid", story("mid", 5, List.of("pact")));
        queries = new StoryQueries(() -> store);
    }

    @Test
    void recentStoriesComeNewestFirstFilteredByTimeAndRule() {
        assertEquals(List.of("new", "mid"), queries.recent(T.minusSeconds(24 * 3600), null, 100).stream().map(StoryQueries.StorySummaryView::id).toList());
        assertEquals(List.of("new"), queries.recent(T.minusSeconds(24 * 3600), "troops", 100).stream().map(StoryQueries.StorySummaryView::id).toList());
        assertEquals(List.of("new"), queries.recent(T.minusSeconds(72 * 3600), null, 1).stream().map(StoryQueries.StorySummaryView::id).toList());
    }

    @Test
    void oneStoryListsItsDocumentsWithUrlOrPathAndDuplicates() {
        StoryView view = queries.story("mid").orElseThrow();
        assertEquals(2, view.documents().size());
        assertEquals("https://a/mid", view.documents().get(0).url());
        assertEquals("seeds/x.txt", view.documents().get(1).path());
        assertEquals("mid", view.documents().get(1).duplicateOf());
        assertTrue(queries.story("nope").isEmpty());
    }
}
