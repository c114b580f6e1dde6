package io.newswatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
    private static Path classDir;
    private static EmbeddedKafka kafka;
    private static long readyMillis;

    @TempDir Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        classDir = Files.createTempDirectory("embedded-kafka-test");
        long started = System.nanoTime();
        kafka = EmbeddedKafka.start(classDir.resolve("kafka"), "127.0.0.1", 0);
        readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("embedded Kafka broker ready in " + readyMillis + " ms on " + kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
        TestBroker.deleteRecursively(classDir);
    }

    @Test
    void startsOnAFreePortAndRoundTripsARecord() {
        // generous: a shared 2-core machine under load takes over 20 s; a hang would take the full start timeout
        assertTrue(readyMillis < 60_000, "broker took " + readyMillis + " ms to accept clients");
        int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
        assertTrue(port > 0, kafka.bootstrapServers());

        String topic = "round-trip-" + UUID.randomUUID();
        TopicCreator.createAndAwait(kafka.bootstrapServers(), List.of(new NewTopic(topic, 1, (short) 1)));
        try (var producer = new KafkaProducer<String, String>(producerConfig(kafka.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(topic, "doc-1", "hello")).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        List<ConsumerRecord<String, String>> records = consume(kafka.bootstrapServers(), topic, "read_uncommitted", 1);
        assertEquals("doc-1", records.get(0).key());
        assertEquals("hello", records.get(0).value());
    }

    @Test
    void commitsTransactionsAndHidesAbortedOnes() {
        String topic = "transactions-" + UUID.randomUUID();
        TopicCreator.createAndAwait(kafka.bootstrapServers(), List.of(new NewTopic(topic, 1, (short) 1)));
        Properties config = producerConfig(kafka.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        try (var producer = new KafkaProducer<String, String>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c", "committed"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> records = consume(kafka.bootstrapServers(), topic, "read_committed", 1);
        assertEquals(List.of("committed"), records.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void keepsTopicsAndRecordsAcrossARestartOnTheSameDirectory() throws Exception {
        Path data = dir.resolve("kafka");
        String topic = "durable";
        String clusterId;
        try (EmbeddedKafka first = EmbeddedKafka.start(data, "127.0.0.1", 0)) {
            clusterId = clusterId(first);
            TopicCreator.createAndAwait(first.bootstrapServers(), List.of(new NewTopic(topic, 2, (short) 1)));
            try (var producer = new KafkaProducer<String, String>(producerConfig(first.bootstrapServers()))) {
                producer.send(new ProducerRecord<>(topic, "k", "before restart")).get(10, TimeUnit.SECONDS);
            }
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(data, "127.0.0.1", 0)) {
            assertEquals(clusterId, clusterId(second));
            try (Admin admin = admin(second)) {
                assertEquals(2, admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic).partitions().size());
            }
            List<ConsumerRecord<String, String>> records = consume(second.bootstrapServers(), topic, "read_uncommitted", 1);
            assertEquals("before restart", records.get(0).value());
            second.close();
            second.close();
        }
    }

    @Test
    void refusesAPortAlreadyInUseWithAClearMessage() {
        int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));

        EmbeddedKafkaException e = assertThrows(EmbeddedKafkaException.class,
                () -> EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", port));

        assertEquals("cannot start the embedded Kafka broker on 127.0.0.1:" + port + ": address already in use; "
                + "set NEWSWATCH_KAFKA_PORT to a free port or KAFKA_BOOTSTRAP_SERVERS to an existing cluster", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void refusesADataDirectoryUsedByAnotherBroker() {
        Path inUse = kafka.logDir();

        EmbeddedKafkaException e = assertThrows(EmbeddedKafkaException.class,
                () -> EmbeddedKafka.start(inUse, "127.0.0.1", 0));

        assertEquals("cannot start the embedded Kafka broker: its data directory " + inUse + " is in use by another broker "
                + "(is another newswatch running?); stop it or set NEWSWATCH_DATA_DIR to another directory", e.getMessage());
    }

    @Test
    void refusesADataDirectoryFormattedForAnotherNode() throws Exception {
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("meta.properties"), "version=1\ncluster.id=abc\nnode.id=7\n");

        EmbeddedKafkaException e = assertThrows(EmbeddedKafkaException.class,
                () -> EmbeddedKafka.start(foreign, "127.0.0.1", 0));

        assertTrue(e.getMessage().contains("meta.properties is not from a newswatch embedded broker"), e.getMessage());
        assertTrue(e.getMessage().contains("node.id=7"), e.getMessage());
    }

    @Test
    void rejectsAPortOutOfRange() {
        EmbeddedKafkaException e = assertThrows(EmbeddedKafkaException.class,
                () -> EmbeddedKafka.start(dir, "127.0.0.1", 70000));

        assertEquals("cannot start the embedded Kafka broker: port 70000 is not between 0 and 65535; "
                + "set NEWSWATCH_KAFKA_PORT to a free port", e.getMessage());
    }

    @Test
    void dropsOnlyTheBrokersRoutineWarnings() {
        var controllerLog = LogContext.getLogContext().getLogger("org.apache.kafka.controller.QuorumController");
        var routine = new java.util.logging.LogRecord(Level.WARN, "[QuorumController id=1] Performing controller activation.");
        var other = new java.util.logging.LogRecord(Level.WARN, "[QuorumController id=1] Something else happened");
        var severe = new java.util.logging.LogRecord(Level.ERROR, "[QuorumController id=1] Performing controller activation.");

        assertFalse(controllerLog.getFilter().isLoggable(routine));
        assertTrue(controllerLog.getFilter().isLoggable(other));
        assertTrue(controllerLog.getFilter().isLoggable(severe));
    }

    @Test
    void quietsTheBrokersOwnLogCategories() {
        assertEquals(Level.WARN, LogContext.getLogContext().getLogger("kafka").getLevel());
        assertEquals(Level.WARN, LogContext.getLogContext().getLogger("state.change.logger").getLevel());
        assertEquals(Level.WARN, LogContext.getLogContext().getLogger("org.apache.kafka").getLevel());
    }

    static Properties producerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    static List<ConsumerRecord<String, String>> consume(String bootstrap, String topic, String isolation, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more poll: a record beyond the expected ones (e.g. an aborted one) would show up here.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertTrue(records.size() >= expected, "expected " + expected + " records on " + topic + ", got " + records);
        return records;
    }

    private static Admin admin(EmbeddedKafka broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static String clusterId(EmbeddedKafka broker) throws Exception {
        try (Admin admin = admin(broker)) {
            return admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        }
    }
}
