package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.broker.TopicCreator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real broker: a producer from {@link RuleTopicsClientSupplier} has the metadata of every
 * rule topic before its first alert, so no alert waits for a metadata round trip (the producer's own
 * {@code metadata-wait-time-ns-total} does not grow once the preload is done), while a producer without the preload waits on the
 * first record to each topic.
 */
class RuleTopicsClientSupplierIT {
    @TempDir Path work;

    @Test
    void aPreloadedProducerNeverWaitsForTopicMetadataOnAFirstAlertAndAPlainOneDoes() throws Exception {
        List<String> ruleTopics = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ruleTopics.add("newswatch.alerts.rule-" + i);
        }
        try (EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), "127.0.0.1", 0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicCreator.createAndAwait(admin, ruleTopics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList(), Duration.ofMinutes(2));
            }
            Map<String, Object> config = RuleTopicsClientSupplier.producerConfig(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
            try (Producer<byte[], byte[]> preloaded = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
                    Producer<byte[], byte[]> plain = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                assertEquals(ruleTopics.size(), RuleTopicsClientSupplier.preload(preloaded, ruleTopics, "preloaded").get(1, TimeUnit.MINUTES),
                        "every rule topic resolved");
                double preloading = metadataWaitNanos(preloaded); // partitionsFor counts its own wait there too
                for (String topic : ruleTopics) {
                    preloaded.send(new ProducerRecord<>(topic, "alert".getBytes())).get(1, TimeUnit.MINUTES);
                    plain.send(new ProducerRecord<>(topic, "alert".getBytes())).get(1, TimeUnit.MINUTES);
                }
                assertEquals(preloading, metadataWaitNanos(preloaded), "no alert of the preloaded producer waited for metadata");
                assertTrue(metadataWaitNanos(plain) > 0, "without the preload, first records wait for metadata");
            }
        }
    }

    private static double metadataWaitNanos(Producer<byte[], byte[]> producer) {
        Map<String, Double> byName = new HashMap<>();
        producer.metrics().forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && name.name().equals("metadata-wait-time-ns-total")) {
                byName.put(name.name(), ((Number) metric.metricValue()).doubleValue());
            }
        });
        assertTrue(byName.containsKey("metadata-wait-time-ns-total"), "the producer reports its metadata wait");
        return byName.get("metadata-wait-time-ns-total");
    }
}
