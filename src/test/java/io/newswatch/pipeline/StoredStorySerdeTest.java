package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.stories.StoryClusterer;
import io.newswatch.stories.StoryInput;
import io.newswatch.stories.StorySettings;
import io.newswatch.stories.StoryState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The {@code stories} store's serde keeps what the clusterer needs to decide the same after a restart. */
class StoredStorySerdeTest {
    private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");
    private final Serde<StoredStory> serde = StoredStory.serde();

    private static StoryState wordsOnlyStory() {
        StoryClusterer clusterer = new StoryClusterer(StorySettings.wordsOnly());
        clusterer.assign(new StoryInput("a1", T0, "Reuters", "Sbarro files for bankruptcy protection again", "", null));
        clusterer.assign(new StoryInput("a2", T0.plusSeconds(60), "CNN", "Pizza chain Sbarro seeks bankruptcy protection", "", null));
        return clusterer.story("a1").orElseThrow();
    }

    @Test
    void theTermsOfAStorysLatestDocumentsSurviveTheStore() {
        StoryState state = wordsOnlyStory();
        assertEquals(2, state.recentTerms().size(), "the first document's terms are kept once a second one joins");
        byte[] bytes = serde.serializer().serialize("t", new StoredStory(state, List.of("rule"), false, false));
        StoryState read = serde.deserializer().deserialize("t", bytes).state();
        assertEquals(state.recentTerms().size(), read.recentTerms().size());
        for (int i = 0; i < state.recentTerms().size(); i++) {
            assertArrayEquals(state.recentTerms().get(i), read.recentTerms().get(i));
        }
        assertEquals(state.centroid(), read.centroid());
    }

    @Test
    void aStoryStoredBeforeRoundFiveReadsWithoutLatestTerms() throws Exception {
        StoryState state = wordsOnlyStory();
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) StoredStory.JSON.readTree(
                serde.serializer().serialize("t", new StoredStory(state, List.of(), false, false)));
        assertTrue(((com.fasterxml.jackson.databind.node.ObjectNode) json.get("state")).remove("recentTerms") != null, json.toString());
        String older = json.toString();
        StoryState read = serde.deserializer().deserialize("t", older.getBytes(StandardCharsets.UTF_8)).state();
        assertTrue(read.recentTerms().isEmpty());
        assertEquals(state.documentCount(), read.documentCount());
    }

    @Test
    void aMergedStoryKeepsItsSurvivorInTheStoreAndAStoryStoredBeforeMergingReadsAsNotMerged() throws Exception {
        StoryState state = wordsOnlyStory();
        StoredStory merged = new StoredStory(state, List.of("rule"), false, false).mergedInto("x1");
        StoredStory read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", merged));
        assertEquals("x1", read.mergedInto());
        assertTrue(read.closed(), "an absorbed story is closed");
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode) StoredStory.JSON.readTree(
                serde.serializer().serialize("t", new StoredStory(state, List.of(), false, false)));
        assertTrue(json.remove("mergedInto") != null, json.toString());
        StoredStory older = serde.deserializer().deserialize("t", json.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(null, older.mergedInto());
        assertEquals(state.documentCount(), older.state().documentCount());
    }
}
