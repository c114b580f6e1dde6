package io.newswatch.it;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A subscriber as any team would write one: a plain KafkaConsumer, read_committed, own group. */
final class AlertReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    AlertReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until at least {@code count} records arrived in total, or the timeout passed. */
    List<ConsumerRecord<String, byte[]>> awaitAtLeast(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** Polls for the whole {@code period}, to show that nothing more arrives. */
    List<ConsumerRecord<String, byte[]>> drain(Duration period) {
        long deadline = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    List<Alert> alerts() {
        return records.stream().map(r -> AlertCodec.decode(r.value())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
