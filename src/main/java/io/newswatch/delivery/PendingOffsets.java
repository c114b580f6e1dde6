package io.newswatch.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed alert records still wait for a notification to be delivered or dead-lettered,
 * and therefore how far each partition's offset may be committed: up to the lowest record still
 * waiting, or past the last consumed one when none waits. Committing no further is what makes a
 * crash or restart re-read, rather than lose, everything not yet done.
 *
 * <p>Single-threaded: used by the consumer's thread only.
 */
public final class PendingOffsets {

    private static final class PartitionState {
        /** offset to number of deliveries still outstanding for that record (always > 0) */
        final TreeMap<Long, Integer> waiting = new TreeMap<>();
        long nextToConsume = -1;
        long committed = -1;

        long commitPoint() {
            return waiting.isEmpty() ? nextToConsume : waiting.firstKey();
        }
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /** Records a consumed record needing {@code deliveries} notifications (0: nothing to wait for). */
    public void consumed(TopicPartition partition, long offset, int deliveries) {
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
        state.nextToConsume = Math.max(state.nextToConsume, offset + 1);
        if (deliveries > 0) {
            state.waiting.merge(offset, deliveries, Integer::sum);
        }
    }

    /** One of the record's notifications is done (delivered or dead-lettered). Unknown records are ignored. */
    public void resolved(TopicPartition partition, long offset) {
        PartitionState state = partitions.get(partition);
        if (state == null) {
            return;
        }
        state.waiting.computeIfPresent(offset, (o, n) -> n > 1 ? n - 1 : null);
    }

    /** The offsets to commit now: for each partition whose commit point moved since the last {@link #committed}. */
    public Map<TopicPartition, Long> toCommit() {
        Map<TopicPartition, Long> result = new HashMap<>();
        partitions.forEach((partition, state) -> {
            long point = state.commitPoint();
            if (point >= 0 && point > state.committed) {
                result.put(partition, point);
            }
        });
        return result;
    }

    public void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                state.committed = Math.max(state.committed, offset);
            }
        });
    }

    /** Forgets partitions this consumer no longer owns; their records will be re-read by the next owner. */
    public void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** Records still waiting, over all partitions. */
    public int waiting() {
        return partitions.values().stream().mapToInt(s -> s.waiting.size()).sum();
    }
}
