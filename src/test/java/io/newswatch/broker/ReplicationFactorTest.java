package io.newswatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * NEWSWATCH_KAFKA_REPLICATION_FACTOR reaches every topic newswatch or Kafka Streams creates: the
 * pipeline's and rules' topics, the notifier's ledger, pending and dead-letter topics, the stories
 * topic, and (through {@code kafka-streams.replication.factor}) the Streams changelog and
 * repartition topics, instead of whatever the broker's default is.
 */
class ReplicationFactorTest {
    private static String streamsReplication(Map<String, String> env) throws Exception {
        URL properties = ReplicationFactorTest.class.getClassLoader().getResource("application.properties");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getValue("kafka-streams.replication.factor", String.class);
    }

    @Test
    void kafkaStreamsInternalTopicsFollowTheReplicationFactorSetting() throws Exception {
        assertEquals("3", streamsReplication(Map.of("NEWSWATCH_KAFKA_REPLICATION_FACTOR", "3")));
        assertEquals("2", streamsReplication(Map.of("NEWSWATCH_KAFKA_REPLICATION_FACTOR", "2")));
    }

    @Test
    void kafkaStreamsInternalTopicsHaveOneReplicaByDefaultLikeNewswatchsOwn() throws Exception {
        assertEquals("1", streamsReplication(Map.of()));
    }

    @Test
    void theNotifiersAndStoriesTopicsAreDefinedWithTheGivenReplicationFactor() {
        NewTopic ledger = TopicCreator.ledgerTopic("sent", Duration.ofDays(30), (short) 3);
        NewTopic pending = TopicCreator.pendingTopic("pending", 1024, (short) 3);
        NewTopic deadLetters = TopicCreator.deadLetterTopic("dlq", (short) 3);
        NewTopic stories = TopicCreator.storiesTopic("stories", (short) 2);

        assertEquals(3, ledger.replicationFactor());
        assertEquals(3, pending.replicationFactor());
        assertEquals(3, deadLetters.replicationFactor());
        assertEquals(2, stories.replicationFactor());
        assertEquals(1, ledger.numPartitions());
        assertTrue(ledger.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG).contains(TopicConfig.CLEANUP_POLICY_COMPACT));
        assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, pending.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
    }

    @Test
    void theBrokerGetsTheConfiguredReplicationFactorNotItsDefault() throws Exception {
        String single = TestBroker.uniqueTopic("sent");
        String triple = TestBroker.uniqueTopic("dlq");
        try (Admin admin = TestBroker.admin()) {
            TopicCreator.createAndAwait(admin, List.of(TopicCreator.ledgerTopic(single, Duration.ofDays(1), (short) 1)));
            assertEquals(1, admin.describeTopics(List.of(single)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(single).partitions().get(0).replicas().size());

            // The test broker is a single node whose default is 1 replica: asking for 3 is refused,
            // which shows the factor is sent with the request rather than left to the broker.
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TopicCreator.createAndAwait(admin,
                    List.of(TopicCreator.deadLetterTopic(triple, (short) 3)), Duration.ofSeconds(10)));
            assertTrue(refused.getMessage().contains(triple) && refused.getMessage().contains("replication factor"), refused.getMessage());
        }
    }

    @Test
    void ruleAndPipelineTopicsGetTheCreatorsReplicationFactor() throws Exception {
        String topic = TestBroker.uniqueTopic("alerts.rule");
        try (TopicCreator creator = new TopicCreator(TestBroker.bootstrapServers(), 2, (short) 3,
                java.time.Clock.systemUTC(), Duration.ofSeconds(10))) {
            assertEquals(3, creator.replicationFactor());
            assertTrue(!creator.ensure(List.of(topic)), "3 replicas on a single broker cannot be created");
            try (Admin admin = TestBroker.admin()) {
                assertTrue(!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic),
                        "a single broker cannot hold 3 replicas, so the topic must not exist with fewer");
            }
        }
    }
}
