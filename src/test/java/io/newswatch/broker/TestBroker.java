package io.newswatch.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One real Kafka broker shared by every plain-JUnit test in the JVM: started on first use on a free
 * loopback port in a temporary directory, stopped (and the directory deleted) when the JVM exits.
 * Starting a broker costs seconds, so tests share it and keep apart by using {@link #uniqueTopic}
 * names and their own consumer groups.
 *
 * <pre>{@code
 * String bootstrap = TestBroker.bootstrapServers();
 * String topic = TestBroker.uniqueTopic("alerts");
 * TopicCreator.createAndAwait(bootstrap, List.of(new NewTopic(topic, 1, (short) 1)));
 * try (var producer = new KafkaProducer<String, String>(TestBroker.producerConfig())) { ... }
 * }</pre>
 *
 * <p>For {@code @QuarkusTest} classes use {@link EmbeddedKafkaResource} instead, which ties a broker
 * to the application's lifecycle.
 */
public final class TestBroker {
    private static EmbeddedKafka broker;

    private TestBroker() {}

    /** The shared broker, started on the first call. */
    public static synchronized EmbeddedKafka shared() {
        if (broker == null) {
            Path dir = createTempDirectory();
            EmbeddedKafka started = EmbeddedKafka.start(dir, "127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteRecursively(dir);
            }, "newswatch-test-broker-shutdown"));
            broker = started;
        }
        return broker;
    }

    public static String bootstrapServers() {
        return shared().bootstrapServers();
    }

    /** A topic name no other test uses, so tests sharing the broker never see each other's records. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** An admin client for the shared broker; the caller closes it. */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** String-keyed, string-valued producer settings for the shared broker. */
    public static Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    /** Consumer settings for a new group reading from the earliest offset. */
    public static Properties consumerConfig() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("newswatch-test-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("cannot delete test broker directory " + dir + ": " + e);
        }
    }
}
