package io.newswatch.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The notifier's member of its consumer group on the alerts topic: polls, commits explicit offsets,
 * and tells a {@link Handover} when partitions are assigned, revoked or lost. It joins with a static
 * {@code group.instance.id} when one is given, so a restarted instance takes its partitions back at
 * once instead of waiting for its previous session to expire.
 */
public final class AlertConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertConsumer.class);

    /** What happens to the work of partitions as they come and go; called on the polling thread, inside {@link #poll}. */
    public interface Handover {
        void assigned(Set<TopicPartition> partitions);

        void revoked(Set<TopicPartition> partitions);

        void lost(Set<TopicPartition> partitions);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Duration timeout;

    public AlertConsumer(String bootstrapServers, String topic, String group, Optional<String> instanceId, Duration sessionTimeout,
                         Duration timeout, Handover handover) {
        this.topic = topic;
        this.timeout = timeout;
        this.consumer = new KafkaConsumer<>(config(bootstrapServers, group, instanceId, sessionTimeout));
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    handover.revoked(new HashSet<>(partitions));
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    handover.lost(new HashSet<>(partitions));
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    handover.assigned(new HashSet<>(partitions));
                }
            }
        });
    }

    static Map<String, Object> config(String bootstrapServers, String group, Optional<String> instanceId, Duration sessionTimeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "newswatch-notifier");
        instanceId.ifPresent(id -> config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, sessionTimeout.toMillis() / 5));
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, SingleOwnerAssignor.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    public ConsumerRecords<String, byte[]> poll(Duration wait) {
        return consumer.poll(wait);
    }

    /** Commits the offsets; false (logged) when Kafka refused or did not answer, to be retried later. */
    public boolean commit(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return true;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((p, o) -> commits.put(p, new OffsetAndMetadata(o)));
        try {
            consumer.commitSync(commits, timeout);
            return true;
        } catch (KafkaException e) {
            LOG.warnf("notifier: committing offsets %s of %s failed (%s); will retry", offsets, topic, e.getMessage());
            return false;
        }
    }

    /** Leaves (a static member only closes its connection: its partitions wait for it until its session expires). */
    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("notifier: closing the consumer failed: %s", e.getMessage());
        }
    }
}
