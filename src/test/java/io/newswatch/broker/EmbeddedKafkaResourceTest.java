package io.newswatch.broker;

import io.newswatch.daemon.EmbeddedKafkaStartup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class EmbeddedKafkaResourceTest {
    @Inject EmbeddedKafkaStartup startup;

    @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers;

    @Test
    void pointsTheApplicationAtTheTestBrokerInsteadOfStartingItsOwn() throws Exception {
        assertTrue(startup.bootstrapServers().isEmpty(), "the application started its own broker too");
        assertTrue(bootstrapServers.startsWith("127.0.0.1:"), bootstrapServers);

        String topic = "quarkus-" + UUID.randomUUID();
        TopicCreator.createAndAwait(bootstrapServers, List.of(new NewTopic(topic, 2, (short) 1)));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            assertEquals(2, admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size());
        }
    }
}
