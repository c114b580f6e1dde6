package io.newswatch.delivery;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A notification on its way, with where its alerts were read: the unit that is saved as pending
 * before its first attempt, handed to a courier, and withdrawn when its partitions move away.
 *
 * @param partitions each alert id of the notification to the alerts-topic partition it was read from
 * @param replaces   ids of the notification this one was split from (refused as too large), if any;
 *                   that one is dropped when both are found pending after a crash
 */
public record Outgoing(Notification notification, Map<String, TopicPartition> partitions, List<String> replaces) {

    public Outgoing {
        partitions = Map.copyOf(partitions);
        replaces = List.copyOf(replaces);
        if (!partitions.keySet().equals(Set.copyOf(notification.alertIds()))) {
            throw new IllegalArgumentException("every alert of notification " + notification.id() + " needs its partition");
        }
    }

    public String recipient() {
        return notification.recipient().name();
    }

    /** The partitions this notification's alerts came from. */
    public Set<TopicPartition> sources() {
        return new HashSet<>(partitions.values());
    }

    /** True when any of its alerts came from one of {@code partitions}. */
    public boolean comesFrom(Set<TopicPartition> of) {
        return partitions.values().stream().anyMatch(of::contains);
    }
}
