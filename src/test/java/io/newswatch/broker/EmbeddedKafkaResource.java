package io.newswatch.broker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real broker for {@code @QuarkusTest} classes: {@code @WithTestResource(EmbeddedKafkaResource.class)}.
 * It starts before the application, on a free loopback port in a temporary directory, points every
 * Kafka setting at it (and sets {@code KAFKA_BOOTSTRAP_SERVERS}, so the application does not start
 * its own embedded broker), and stops after the application.
 */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafka kafka;
    private Path dir;

    @Override
    public Map<String, String> start() {
        dir = TestBroker.createTempDirectory();
        kafka = EmbeddedKafka.start(dir, "127.0.0.1", 0);
        String bootstrap = kafka.bootstrapServers();
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "kafka.bootstrap.servers", bootstrap,
                "kafka-streams.bootstrap-servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap);
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (dir != null) {
            TestBroker.deleteRecursively(dir);
        }
    }
}
