package io.newswatch.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.broker.Topics;
import io.newswatch.config.FilesConfig;
import io.newswatch.config.NotificationsConfig;
import io.newswatch.delivery.Notifier;
import io.newswatch.ingest.IngestException;
import io.newswatch.ingest.files.DocumentFileReader;
import io.quarkus.runtime.configuration.MemorySize;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducersTest {
    @TempDir
    Path dir;

    /** A config interface answering the given methods; any other call fails the test. */
    @SuppressWarnings("unchecked")
    static <T> T config(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new AssertionError("unexpected config call " + method.getName());
            }
            return answers.get(method.getName());
        });
    }

    @Test
    void theDaemonsFileReaderRefusesFilesAboveTheConfiguredMaxSize() throws Exception {
        FilesConfig files = config(FilesConfig.class, Map.of("maxSize", new MemorySize(BigInteger.valueOf(100))));
        DocumentFileReader reader = new Producers().documentFileReader(files);
        Path small = Files.writeString(dir.resolve("small.txt"), "Troops were sent to the border overnight, officials said.");
        Path big = Files.writeString(dir.resolve("big.txt"), "Troops were sent to the border overnight. ".repeat(10));

        assertTrue(reader.read(small, Instant.EPOCH).body().contains("Troops"));
        IngestException refused = assertThrows(IngestException.class, () -> reader.read(big, Instant.EPOCH));
        assertTrue(refused.getMessage().contains("too large"), refused.getMessage());
    }

    @Test
    void aRuleTopicPartitionCountBelowOneIsRefusedWithTheSettingsName() {
        io.newswatch.config.KafkaConfig kafka = config(io.newswatch.config.KafkaConfig.class, Map.of("rulePartitions", 0));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new Producers().rules(null, kafka, null, null, null, null));
        assertEquals("NEWSWATCH_KAFKA_RULE_PARTITIONS must be at least 1, got 0", refused.getMessage());
    }

    @Test
    void theConfiguredAlertsTopicIsTheOneTheNotifierReads() {
        Map<String, Object> answers = new HashMap<>(Map.of(
                "alertsTopic", "ops.alerts", "deadLetterTopic", "ops.dlq", "ledgerTopic", "ops.sent",
                "consumerGroup", "g", "ledgerRetention", Duration.ofDays(30), "groupWait", Duration.ofSeconds(1),
                "groupInterval", Duration.ofSeconds(1), "retryInitialBackoff", Duration.ofSeconds(1),
                "retryMaxBackoff", Duration.ofSeconds(2), "retryGiveUpAfter", Duration.ofSeconds(3)));
        answers.put("shutdownTimeout", Duration.ofSeconds(5));
        answers.put("sessionTimeout", Duration.ofSeconds(15));
        answers.put("maxAlertsPerNotification", 100);
        answers.put("pendingTopic", "ops.pending");
        answers.put("instanceId", java.util.Optional.of("one"));
        NotificationsConfig full = config(NotificationsConfig.class, answers);
        Topics topics = new Producers().topicNames(full, "newswatch");

        assertEquals("ops.alerts", topics.alerts());
        assertEquals(Topics.DOCUMENTS, topics.documents());
        Notifier.Settings settings = Notifier.Settings.from(full, topics, "127.0.0.1:9092", full.instanceId(), (short) 3);
        assertEquals("ops.alerts", settings.alertsTopic());
        assertEquals("ops.sent", settings.ledgerTopic());
        assertEquals("ops.dlq", settings.deadLetterTopic());
        assertEquals("ops.pending", settings.pendingTopic());
        assertEquals(3, settings.replicationFactor());
    }
}
