package io.newswatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class TopicCreatorTest {
    @Test
    void createsMissingTopicsWithTheirPartitionsAndLeaders() throws Exception {
        String alerts = TestBroker.uniqueTopic("alerts");
        String documents = TestBroker.uniqueTopic("documents");

        try (Admin admin = TestBroker.admin()) {
            TopicCreator.createAndAwait(admin, List.of(new NewTopic(alerts, 3, (short) 1), new NewTopic(documents, 1, (short) 1)));

            Map<String, TopicDescription> topics = admin.describeTopics(List.of(alerts, documents))
                    .allTopicNames().get(10, TimeUnit.SECONDS);
            assertEquals(3, topics.get(alerts).partitions().size());
            assertEquals(1, topics.get(documents).partitions().size());
            assertTrue(topics.get(alerts).partitions().stream().allMatch(p -> p.leader() != null));
        }
    }

    @Test
    void leavesExistingTopicsAsTheyAre() throws Exception {
        String topic = TestBroker.uniqueTopic("alerts.rule");
        try (Admin admin = TestBroker.admin()) {
            TopicCreator.createAndAwait(admin, List.of(new NewTopic(topic, 2, (short) 1)));

            TopicCreator.createAndAwait(admin, List.of(new NewTopic(topic, 5, (short) 1), new NewTopic(topic, 6, (short) 1)));

            assertEquals(2, admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().size());
        }
    }

    @Test
    void aRuleTopicGetsItsOwnPartitionCountAndOtherTopicsTheDefault() throws Exception {
        String rule = TestBroker.uniqueTopic("alerts.rule");
        String plain = TestBroker.uniqueTopic("plain");
        try (TopicCreator creator = new TopicCreator(TestBroker.bootstrapServers(), 3, (short) 1,
                java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(10));
                Admin admin = TestBroker.admin()) {
            creator.requestDefined(List.of(TopicCreator.ruleTopic(rule, 1, creator.replicationFactor())));
            creator.request(List.of(plain));
            assertTrue(creator.check());

            Map<String, TopicDescription> topics = admin.describeTopics(List.of(rule, plain)).allTopicNames().get(10, TimeUnit.SECONDS);
            assertEquals(1, topics.get(rule).partitions().size());
            assertEquals(3, topics.get(plain).partitions().size());
            assertFalse(creator.pending(rule), "created, so no longer pending");
        }
    }

    @Test
    void aTopicAskedForWhileKafkaIsAwayIsPendingAndAnIllegalNameIsRefusedInstead() {
        try (TopicCreator creator = new TopicCreator("127.0.0.1:1", 1, (short) 1, java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(10))) {
            creator.request(List.of("newswatch.alerts.waiting", "bad name!"));
            assertTrue(creator.pending("newswatch.alerts.waiting"));
            assertFalse(creator.pending("bad name!"));
            assertTrue(creator.refusal("bad name!").isPresent());
            assertFalse(creator.pending("never-asked"));
        }
    }

    @Test
    void createsTopicsGivenOnlyTheBootstrapServers() throws Exception {
        String topic = TestBroker.uniqueTopic("by-address");

        TopicCreator.createAndAwait(TestBroker.bootstrapServers(), List.of(new NewTopic(topic, 1, (short) 1)));

        try (Admin admin = TestBroker.admin()) {
            assertTrue(admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic));
        }
    }

    @Test
    void namesEachTopicThatCannotBeCreated() {
        String good = TestBroker.uniqueTopic("good");
        String tooManyReplicas = TestBroker.uniqueTopic("replicated");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicCreator.createAndAwait(
                TestBroker.bootstrapServers(),
                List.of(new NewTopic(good, 1, (short) 1), new NewTopic(tooManyReplicas, 1, (short) 3))));

        assertTrue(e.getMessage().startsWith("cannot create Kafka topics: " + tooManyReplicas + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("replication factor"), e.getMessage());
    }

    @Test
    void reportsAnUnreachableClusterWithinTheTimeout() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        try (Admin admin = Admin.create(conf)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TopicCreator.createAndAwait(
                    admin, List.of(new NewTopic("unreachable", 1, (short) 1)), java.time.Duration.ofSeconds(2)));

            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        }
    }

    @Test
    void aTopicTheBrokerRefusesIsRecordedAsRefusedAndTheOthersAreCreatedAndReachable() throws Exception {
        String taken = TestBroker.uniqueTopic("taken.name");
        String colliding = taken.replace('.', '_'); // the broker refuses it: it collides with the existing topic
        String good = TestBroker.uniqueTopic("good");
        try (TopicCreator creator = new TopicCreator(TestBroker.bootstrapServers(), 1, (short) 1,
                java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(10))) {
            assertTrue(creator.ensure(List.of(taken)));
            creator.request(List.of(colliding, good, ".."));
            assertTrue(creator.check(), "a refused topic is not Kafka being unreachable");
            assertTrue(creator.reachable());
            assertTrue(creator.refusal(colliding).orElseThrow().contains("collides"), creator.refusal(colliding).toString());
            assertTrue(creator.refusal("..").isPresent());
            assertEquals(java.util.Optional.empty(), creator.refusal(good));
            try (Admin admin = TestBroker.admin()) {
                assertTrue(admin.listTopics().names().get().contains(good));
                assertFalse(admin.listTopics().names().get().contains(colliding));
            }
        }
    }

    @Test
    void whileKafkaIsAwayOneLinePerIntervalNamesEverythingThatWaits() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TopicCreator creator = new TopicCreator("127.0.0.1:" + closedPort, 1, (short) 1, java.time.Clock.systemUTC(),
                java.time.Duration.ofSeconds(10))) {
            creator.outage().waiting("file intake", "2 file(s) in seeds");
            creator.outage().waiting("notifier", "creating its topics");
            java.util.List<String> lines = warnings(() -> {
                assertFalse(creator.check());
                assertFalse(creator.check()); // within the same interval: no second line
            });
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.getFirst().startsWith("Kafka at 127.0.0.1:" + closedPort + " is unreachable ("), lines.getFirst());
            assertTrue(lines.getFirst().endsWith("; retrying in 10 s (waiting: file intake: 2 file(s) in seeds, notifier: creating its topics)"),
                    lines.getFirst());
        }
    }

    @Test
    void whenKafkaAnswersButAPartStillCannotGetThroughThatIsLoggedWithItsError() throws Exception {
        try (TopicCreator creator = new TopicCreator(TestBroker.bootstrapServers(), 1, (short) 1, java.time.Clock.systemUTC(),
                java.time.Duration.ofSeconds(10))) {
            creator.outage().waiting("file intake", "3 file(s) in seeds: NOT_ENOUGH_REPLICAS");
            java.util.List<String> lines = warnings(() -> assertTrue(creator.check()));
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.getFirst().contains("answers, but not every part gets through")
                    && lines.getFirst().contains("file intake: 3 file(s) in seeds: NOT_ENOUGH_REPLICAS"), lines.getFirst());

            creator.outage().resumed("file intake");
            assertEquals(java.util.List.of(), warnings(() -> assertTrue(creator.check())), "nothing to say when all is well");
        }
    }

    /** WARN lines of TopicCreator while {@code action} runs (JBoss Logging goes to java.util.logging in plain tests). */
    static java.util.List<String> warnings(Runnable action) {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(TopicCreator.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return lines;
    }
}
