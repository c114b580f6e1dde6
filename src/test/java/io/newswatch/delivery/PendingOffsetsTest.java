package io.newswatch.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PendingOffsetsTest {
    static final TopicPartition P0 = new TopicPartition("newswatch.alerts", 0);
    static final TopicPartition P1 = new TopicPartition("newswatch.alerts", 1);
    final PendingOffsets pending = new PendingOffsets();

    @Test
    void commitsPastRecordsThatNeedNoNotification() {
        pending.consumed(P0, 0, 0);
        pending.consumed(P0, 1, 0);
        assertEquals(Map.of(P0, 2L), pending.toCommit());
    }

    @Test
    void commitsOnlyUpToTheLowestRecordStillWaiting() {
        pending.consumed(P0, 0, 0);
        pending.consumed(P0, 1, 2);
        pending.consumed(P0, 2, 1);
        pending.consumed(P0, 3, 0);
        assertEquals(Map.of(P0, 1L), pending.toCommit());
        pending.committed(Map.of(P0, 1L));
        pending.resolved(P0, 2);
        assertTrue(pending.toCommit().isEmpty(), "offset 1 still waits for one of its two recipients");
        pending.resolved(P0, 1);
        assertTrue(pending.toCommit().isEmpty());
        pending.resolved(P0, 1);
        assertEquals(Map.of(P0, 4L), pending.toCommit());
        assertEquals(0, pending.waiting());
    }

    @Test
    void partitionsAreTrackedSeparately() {
        pending.consumed(P0, 5, 1);
        pending.consumed(P1, 7, 0);
        assertEquals(Map.of(P0, 5L, P1, 8L), pending.toCommit());
        pending.committed(Map.of(P0, 5L, P1, 8L));
        assertTrue(pending.toCommit().isEmpty());
    }

    @Test
    void forgottenPartitionsAreNeitherCommittedNorResolved() {
        pending.consumed(P0, 0, 1);
        pending.forget(List.of(P0));
        pending.resolved(P0, 0);
        assertTrue(pending.toCommit().isEmpty());
    }
}
