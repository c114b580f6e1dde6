package io.newswatch.delivery;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Gives every partition of the alerts topic to one member of the notifier's consumer group, so that
 * one instance at a time groups and sends all notifications (a rule's alerts to a recipient stay in
 * one notification, whichever partitions they were written to), and the others stand by. The owner
 * stays the owner when others join (it says so in its subscription); when it is gone, the member
 * with the lowest {@code group.instance.id} (else member id) takes over.
 *
 * <p>Correctness does not rest on this choice: the notifier handles partitions moving in any split
 * (work withdrawn on revocation, ledger and pending notifications read on assignment). Having one
 * owner keeps grouping identical to a single instance's.
 */
public final class SingleOwnerAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "newswatch-single-owner";

    private volatile boolean owner;

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.wrap(new byte[] {(byte) (owner ? 1 : 0)});
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = groupSubscription.groupSubscription();
        Set<String> topics = new TreeSet<>();
        members.values().forEach(s -> topics.addAll(s.topics()));
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions = metadata.partitionsForTopic(topic);
            if (partitions != null) {
                partitions.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        String chosen = choose(members);
        Map<String, Assignment> result = new HashMap<>();
        members.keySet().forEach(member -> result.put(member, new Assignment(member.equals(chosen) ? all : List.of())));
        return new GroupAssignment(result);
    }

    /** The member that owned the partitions before, if any; else the lowest instance id (or member id). */
    static String choose(Map<String, Subscription> members) {
        Comparator<Map.Entry<String, Subscription>> order = Comparator
                .comparing((Map.Entry<String, Subscription> e) -> !claimsOwnership(e.getValue()))
                .thenComparing(e -> e.getValue().groupInstanceId().orElse(e.getKey()));
        return members.entrySet().stream().min(order).map(Map.Entry::getKey).orElse(null);
    }

    private static boolean claimsOwnership(Subscription subscription) {
        ByteBuffer data = subscription.userData();
        return (data != null && data.remaining() > 0 && data.get(data.position()) == 1)
                || !subscription.ownedPartitions().isEmpty();
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        owner = !assignment.partitions().isEmpty();
    }

    @Override
    public String name() {
        return NAME;
    }
}
