package io.newswatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterBoundStateTest {
    @TempDir Path data;

    private Path streamsWithAStore() throws IOException {
        Path store = data.resolve("streams/newswatch/0_0/rocksdb/stories");
        Files.createDirectories(store);
        Files.writeString(store.resolve("000001.sst"), "x");
        Files.writeString(data.resolve("streams/newswatch/0_0/.checkpoint"), "0\n1\nnewswatch.stories 0 42\n");
        return data.resolve("streams");
    }

    @Test
    void stateBuiltFromAnotherClusterIsEmptiedAndBoundToTheNewOne() throws IOException {
        Path streams = streamsWithAStore();
        ClusterBoundState state = new ClusterBoundState(streams);
        assertEquals(ClusterBoundState.Outcome.KEPT, state.bindTo("old-cluster", false));

        assertEquals(ClusterBoundState.Outcome.CLEARED, state.bindTo("new-cluster", false));

        assertTrue(Files.isDirectory(streams), "the directory itself stays");
        try (var entries = Files.list(streams)) {
            assertEquals(0, entries.count(), "nothing of the old cluster's state is left");
        }
        assertEquals(Optional.of("new-cluster"), state.recordedClusterId());
        assertEquals("new-cluster\n", Files.readString(data.resolve("streams.cluster-id")));
    }

    @Test
    void stateFromTheSameClusterIsKeptAcrossStarts() throws IOException {
        Path streams = streamsWithAStore();
        ClusterBoundState state = new ClusterBoundState(streams);
        state.bindTo("cluster-a", false);

        assertEquals(ClusterBoundState.Outcome.KEPT, state.bindTo("cluster-a", false));
        assertEquals(ClusterBoundState.Outcome.KEPT, new ClusterBoundState(streams).bindTo("cluster-a", false));

        assertTrue(Files.exists(streams.resolve("newswatch/0_0/rocksdb/stories/000001.sst")));
    }

    @Test
    void unrecordedStateIsKeptForAnOldClusterAndClearedForAJustFormattedOne() throws IOException {
        Path streams = streamsWithAStore();
        assertEquals(ClusterBoundState.Outcome.KEPT, new ClusterBoundState(streams).bindTo("cluster-a", false),
                "state from before the check, beside the broker it was built from");
        assertTrue(Files.exists(streams.resolve("newswatch/0_0/.checkpoint")));

        Files.delete(data.resolve("streams.cluster-id"));
        assertEquals(ClusterBoundState.Outcome.CLEARED, new ClusterBoundState(streams).bindTo("cluster-b", true),
                "the broker's storage was formatted just now: the state cannot be from it");
        assertFalse(Files.exists(streams.resolve("newswatch")));
    }

    @Test
    void aGarbledRecordCountsAsAnotherClusterSoTheStateIsRebuiltNotTrusted() throws IOException {
        Path streams = streamsWithAStore();
        Files.writeString(data.resolve("streams.cluster-id"), "\u0000\u0000 not an id\n");

        assertEquals(ClusterBoundState.Outcome.CLEARED, new ClusterBoundState(streams).bindTo("cluster-a", false));

        assertFalse(Files.exists(streams.resolve("newswatch")));
        assertEquals("cluster-a\n", Files.readString(data.resolve("streams.cluster-id")));
    }

    @Test
    void aFirstStartWithNoStateOnlyRecordsTheCluster() throws IOException {
        Path streams = data.resolve("streams");
        ClusterBoundState state = new ClusterBoundState(streams);

        assertEquals(ClusterBoundState.Outcome.KEPT, state.bindTo("cluster-a", true));

        assertFalse(Files.exists(streams), "Kafka Streams creates its directory itself");
        assertEquals(Optional.of("cluster-a"), state.recordedClusterId());
    }
}
