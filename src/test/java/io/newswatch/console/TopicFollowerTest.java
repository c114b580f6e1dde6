package io.newswatch.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.broker.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's topic reader against a real broker, and its shutdown when the broker is gone first. */
class TopicFollowerTest {
    @TempDir
    java.nio.file.Path dir;

    /** Warnings and errors the Kafka client logs while a test runs. */
    static final class KafkaLog extends Handler implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Logger kafka = Logger.getLogger("org.apache.kafka");

        KafkaLog() {
            kafka.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                lines.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            kafka.removeHandler(this);
        }
    }

    private static TopicFollower.Start fromTheStart(String topic) {
        return consumer -> {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return true;
        };
    }

    @Test
    void itHandsOverEveryRecordAndStopsQuietlyWhenTheBrokerWentAwayFirst() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", 0);
        TopicFollower follower = null;
        try (KafkaLog log = new KafkaLog()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("followed", 2, (short) 1))).all().get();
            }
            follower = new TopicFollower("newswatch-console-test", "a test topic", broker.bootstrapServers(), fromTheStart("followed"),
                    record -> seen.add(new String(record.value(), StandardCharsets.UTF_8)));
            follower.start();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (String text : List.of("one", "two", "three")) {
                    producer.send(new ProducerRecord<>("followed", text.getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3);
            assertEquals(List.of("one", "three", "two"), seen.stream().sorted().toList());

            org.slf4j.LoggerFactory.getLogger("org.apache.kafka.clients.consumer.probe").error("probe");
            assertTrue(log.lines.stream().anyMatch(l -> l.endsWith(": probe")), "the Kafka client's errors are seen here: " + log.lines);
            log.lines.clear();

            broker.close(); // the broker goes first, as when Kafka stops before the daemon
            broker = null;
            Thread.sleep(1_000);
            long t0 = System.nanoTime();
            follower.close();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 4_000, "close took " + millis + " ms");
            Thread.sleep(500);
            assertEquals(List.of(), log.lines.stream().filter(l -> l.startsWith("SEVERE")).toList(),
                    "no error at shutdown (\"Failed to close fetcher\")");
        } finally {
            if (follower != null) {
                follower.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void closingWhileNoBrokerAnswersReturnsPromptly() throws Exception {
        TopicFollower follower = new TopicFollower("newswatch-console-test", "a test topic", "127.0.0.1:1", fromTheStart("followed"), record -> {});
        follower.start();
        Thread.sleep(1_500); // waiting for metadata that never comes
        long t0 = System.nanoTime();
        follower.close();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 4_000, "close took " + millis + " ms");
    }
}
