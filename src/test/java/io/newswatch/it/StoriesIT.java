package io.newswatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.alerts.Alert;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.broker.TopicCreator;
import io.newswatch.broker.Topics;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.document.DocumentJson;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.pipeline.AlertTopology;
import io.newswatch.pipeline.PipelineMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stories through the real topology (exactly-once, one clustering partition, changelogged stores) on
 * a real KRaft broker with two document partitions and the shipped rules: the five seeds are one
 * story, a restart on a fresh state directory in the middle of the stream keeps story ids, and a
 * near-duplicate joins the story without alerting again.
 */
class StoriesIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2024-10-08T09:00:00Z");

    @TempDir static Path work;
    static EmbeddedKafka broker;
    static KafkaProducer<String, byte[]> producer;
    static RuleRegistry rules;
    static List<Document> seeds;

    final List<KafkaStreams> running = new ArrayList<>();
    Topics topics;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", 0, Duration.ofSeconds(120));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
        rules = new RuleRegistry(Path.of("rules"), new RuleLoader(), rule -> {});
        rules.reload();
        TopicCreator.createAndAwait(broker.bootstrapServers(), List.of("troop-deployment", "treaty", "sanctions").stream()
                .map(rule -> new NewTopic(Topics.ruleTopic(rule), 1, (short) 1)).toList());
        DocumentFileReader reader = new DocumentFileReader();
        seeds = new ArrayList<>();
        int minute = 0;
        for (Path file : reader.listFiles(Path.of("seeds"))) {
            seeds.add(reader.read(file, START.plus(Duration.ofMinutes(minute++))));
        }
        assertEquals(5, seeds.size());
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (rules != null) {
            rules.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopStreams() {
        running.forEach(streams -> streams.close(Duration.ofSeconds(20)));
    }

    /** Fresh topics and application id per test, so the tests share only the broker. */
    void freshTopics() throws Exception {
        String n = UUID.randomUUID().toString().substring(0, 8);
        topics = new Topics("documents-" + n, "alerts-" + n, "dlq-" + n, "sent-" + n, "newswatch-it-" + n, "pending-" + n, "stories-" + n);
        TopicCreator.createAndAwait(broker.bootstrapServers(), List.of(
                new NewTopic(topics.documents(), 2, (short) 1), new NewTopic(topics.alerts(), 2, (short) 1),
                TopicCreator.storiesTopic(topics.stories(), (short) 1),
                new NewTopic(topics.backfill(), 1, (short) 1))); // the topology also reads backfill requests (exists after the first test)
    }

    /** The topology as the daemon runs it, exactly-once, with its own state directory. */
    KafkaStreams startStreams(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, topics.streamsApplication());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        KafkaStreams streams = new KafkaStreams(AlertTopology.build(rules, new PipelineMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC(), topics), props);
        running.add(streams);
        streams.start();
        return streams;
    }

    void send(Document document) throws Exception {
        producer.send(new ProducerRecord<>(topics.documents(), document.id(), DocumentJson.write(document))).get();
    }

    /** The latest state per story id, as the compacted topic keeps it, once {@code documents} documents are in stories. */
    Map<String, JsonNode> awaitStories(int documents) throws Exception {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        try (AlertReader reader = new AlertReader(broker.bootstrapServers(), topics.stories())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : reader.awaitAtLeast(Integer.MAX_VALUE, Duration.ofMillis(500))) {
                    latest.put(record.key(), JSON.readTree(record.value()));
                }
                if (latest.values().stream().mapToInt(s -> s.path("documentCount").asInt()).sum() >= documents) {
                    break;
                }
            }
            for (var record : reader.drain(Duration.ofSeconds(2))) {
                latest.put(record.key(), JSON.readTree(record.value()));
            }
        }
        return latest;
    }

    List<Alert> alerts(int atLeast) {
        try (AlertReader reader = new AlertReader(broker.bootstrapServers(), topics.alerts())) {
            reader.awaitAtLeast(atLeast, Duration.ofSeconds(60));
            reader.drain(Duration.ofSeconds(2));
            return reader.alerts();
        }
    }

    @Test
    void theFiveSeedArticlesFormExactlyOneStoryAndEveryAlertCarriesIt() throws Exception {
        freshTopics();
        startStreams(work.resolve("state-seeds"));
        for (Document seed : seeds) {
            send(seed);
        }
        Map<String, JsonNode> stories = awaitStories(5);
        assertEquals(1, stories.size(), "stories: " + stories);
        JsonNode story = stories.values().iterator().next();
        assertEquals(5, story.path("documentCount").asInt());
        // two document partitions: the first seed to reach the clustering task (any of them) names the story
        assertTrue(seeds.stream().anyMatch(seed -> seed.id().equals(story.path("id").asText())), "the story id is a document's id");
        assertTrue(story.path("rules").toString().contains("troop-deployment"), story.toString());

        List<Alert> alerts = alerts(13);
        assertTrue(alerts.size() >= 13, "the 13 seed alerts (14 with the optional sanctions one): " + alerts.size());
        assertEquals(Set.of(story.path("id").asText()), alerts.stream().map(a -> a.story().id()).collect(Collectors.toSet()));
        assertEquals(alerts.size(), alerts.stream().map(Alert::id).distinct().count(), "no alert twice");
    }

    @Test
    void aRestartOnAnotherStateDirectoryInTheMiddleOfTheStreamKeepsTheStoryAndItsId() throws Exception {
        freshTopics();
        KafkaStreams first = startStreams(work.resolve("state-restart-1"));
        for (Document seed : seeds.subList(0, 3)) {
            send(seed);
        }
        Map<String, JsonNode> before = awaitStories(3);
        assertEquals(1, before.size(), "stories: " + before);
        String storyId = before.keySet().iterator().next();
        first.close(Duration.ofSeconds(30));
        running.remove(first);

        // a new instance with an empty state directory: the stores come back from their changelogs
        startStreams(work.resolve("state-restart-2"));
        for (Document seed : seeds.subList(3, 5)) {
            send(seed);
        }
        Map<String, JsonNode> after = awaitStories(5);
        assertEquals(Set.of(storyId), after.keySet(), "the story and its id survive the restart: " + after);
        assertEquals(5, after.get(storyId).path("documentCount").asInt());
        List<Alert> alerts = alerts(13);
        assertEquals(Set.of(storyId), alerts.stream().map(a -> a.story().id()).collect(Collectors.toSet()));
        assertEquals(alerts.size(), alerts.stream().map(Alert::id).distinct().count(), "no alert twice across the restart");
        Set<String> firstAlerts = alerts.stream().filter(a -> a.rule().id().equals("troop-deployment"))
                .map(a -> a.story().firstAlert()).collect(Collectors.toSet());
        assertEquals(1, firstAlerts.size(), "the rule's first alert on the story is remembered across the restart: " + firstAlerts);
        assertTrue(seeds.subList(0, 3).stream().anyMatch(seed -> firstAlerts.contains(Alert.idFor("troop-deployment", seed.id()))),
                "the first alert is one of the seeds read before the restart: " + firstAlerts);
    }

    @Test
    void aNearDuplicateJoinsTheStoryButDoesNotAlertTwiceForTheSameRuleAndStory() throws Exception {
        freshTopics();
        startStreams(work.resolve("state-duplicate"));
        Document original = seeds.getFirst();
        send(original);
        awaitStories(1); // two partitions: the copy must reach the clustering task after the original
        String copyBody = original.body().replace("on Tuesday", "on Tuesday, 8 October").replace("Kim", "Minister Kim");
        Document copy = new Document(DocumentIds.forText(original.title() + copyBody), "wire-reprint", "https://reprint.example.org/a",
                original.title(), copyBody, null, "en", START.plus(Duration.ofMinutes(10)), List.of(), List.of());
        send(copy);

        Map<String, JsonNode> stories = awaitStories(2);
        assertEquals(1, stories.size(), "the copy joins the original's story: " + stories);
        JsonNode documents = stories.values().iterator().next().path("documents");
        assertEquals(2, documents.size());
        assertEquals(original.id(), documents.get(1).path("duplicateOf").asText(), documents.toString());

        List<Alert> alerts = alerts(2);
        assertFalse(alerts.isEmpty());
        Set<String> alerted = new HashSet<>();
        for (Alert alert : alerts) {
            assertEquals(original.id(), alert.document().id(), "only the original alerts: " + alert.id());
            assertNull(alert.document().duplicateOf());
            assertTrue(alerted.add(alert.rule().id()), "one alert per rule and story");
        }
        assertTrue(alerted.contains("troop-deployment"), alerted.toString());
    }

    /**
     * Two fragments of one event (StoryClustererTest's CONVERGING headlines, words-only clustering with merging at 0.3,
     * as StoryMergeTopologyTest) merge on the real broker, exactly-once: the absorbed story's last record names the
     * survivor, later alerts carry the survivor with the absorbed story's first alert, a source that alerted on the
     * absorbed story is not new on the survivor, and the archive finds every document by either id. Each document is
     * sent once the previous one is in a story, so the clustering task sees them in this order whatever the partition.
     */
    @Test
    void twoFragmentsMergeOnTheBrokerAndTheArchiveFindsEveryDocumentByEitherId() throws Exception {
        freshTopics();
        Path rulesDir = java.nio.file.Files.createDirectories(work.resolve("merge-rules"));
        java.nio.file.Files.writeString(rulesDir.resolve("ipad.yml"), """
                id: ipad
                title: iPad news
                severity: low
                query: ipad
                """);
        TopicCreator.createAndAwait(broker.bootstrapServers(), List.of(new NewTopic(Topics.ruleTopic("ipad"), 1, (short) 1)));
        try (RuleRegistry ipad = new RuleRegistry(rulesDir, new RuleLoader(), rule -> {});
             io.newswatch.archive.ArchiveIndex index = io.newswatch.archive.ArchiveIndex.openForWriting(work.resolve("merge-archive"));
             io.newswatch.archive.Archiver archiver = new io.newswatch.archive.Archiver(broker.bootstrapServers(), topics.documents(),
                     topics.alerts(), topics.stories(), index, new io.newswatch.archive.ArchiveRetention(Duration.ofDays(36500), java.util.Optional.empty()),
                     new io.newswatch.archive.Archiver.Settings(Duration.ofMillis(200), 500, Duration.ofMinutes(1), Duration.ofSeconds(1),
                             Duration.ofMillis(100)), Clock.systemUTC());
             AlertReader storyReader = new AlertReader(broker.bootstrapServers(), topics.stories())) {
            ipad.reload();
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, topics.streamsApplication());
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state-merge").toString());
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            var merging = new io.newswatch.pipeline.StoryPipelineSettings(
                    io.newswatch.stories.StorySettings.wordsOnly().withMergeSimilarity(0.3),
                    new io.newswatch.stories.BreakingRule(io.newswatch.stories.BreakingRule.DEFAULT_SOURCES,
                            io.newswatch.stories.BreakingRule.DEFAULT_WITHIN),
                    io.newswatch.pipeline.StoryPipelineSettings.DEFAULT_RETENTION);
            KafkaStreams streams = new KafkaStreams(AlertTopology.build(ipad, new PipelineMetrics(new SimpleMeterRegistry()),
                    Clock.systemUTC(), topics, merging), props);
            running.add(streams);
            streams.start();
            Thread archiving = Thread.ofPlatform().name("it-archiver").start(archiver);

            String[][] coverage = {
                    {"x1", "reuters.example", "Apple launches cheaper 8GB iPhone 5c"},
                    {"y1", "bbc.example", "Apple discontinues iPad 2, brings back iPad 4"},
                    {"x2", "cnn.example", "Apple unveils cheaper 8GB version of the iPhone 5c"},
                    {"y2", "ap.example", "Apple kills iPad 2 and revives iPad 4 with Retina display"},
                    {"z1", "wsj.example", "Apple cuts iPhone 5c price, kills iPad 2 for iPad 4"},
                    {"z2", "verge.example", "Apple refreshes its lineup: cheaper iPhone 5c, iPad 4 replaces iPad 2"},
                    {"z3", "engadget.example", "Cheaper 8GB iPhone 5c arrives as Apple kills iPad 2"},
                    {"z4", "mashable.example", "Apple's cheaper 8GB iPhone 5c and iPad 4 return"},
                    {"z5", "bbc.example", "BBC: Apple's iPad 4 replaces the iPad 2, cheaper iPhone 5c on sale"}};
            Map<String, JsonNode> latest = new LinkedHashMap<>();
            List<String> mergedRecords = new ArrayList<>();
            int read = 0;
            for (int i = 0; i < coverage.length; i++) {
                String id = coverage[i][0];
                send(new Document(id, coverage[i][1], "https://" + coverage[i][1] + "/" + id, coverage[i][2], "", START, "en",
                        START.plus(Duration.ofMinutes(i)), List.of(), List.of()));
                boolean joined = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!joined && System.nanoTime() < deadline) {
                    var records = storyReader.awaitAtLeast(read + 1, Duration.ofMillis(500));
                    for (var record : records.subList(read, records.size())) {
                        JsonNode story = JSON.readTree(record.value());
                        latest.put(record.key(), story);
                        if (story.has("mergedInto")) {
                            mergedRecords.add(record.key() + "->" + story.path("mergedInto").asText());
                        }
                        joined |= id.equals(story.path("joined").path("id").asText());
                    }
                    read = records.size();
                }
                assertTrue(joined, id + " is in a story");
            }
            assertEquals(List.of("y1->x1"), mergedRecords, "one merge, into the older story, keyed by the absorbed id");
            assertTrue(latest.get("y1").path("closed").asBoolean());
            assertEquals(9, latest.get("x1").path("documentCount").asInt(), latest.get("x1").toString());

            Map<String, Alert> byDocument = new LinkedHashMap<>();
            alerts(7).forEach(alert -> byDocument.put(alert.document().id(), alert));
            assertEquals(byDocument.size(), alerts(0).stream().map(Alert::id).distinct().count(), "no alert twice");
            assertEquals("y1", byDocument.get("y1").story().id());
            Alert z5 = byDocument.get("z5");
            assertEquals("x1", z5.story().id(), "after the merge alerts carry the survivor");
            assertEquals(byDocument.get("y1").id(), z5.story().firstAlert(), "the absorbed story's first alert carries over");
            assertEquals(Boolean.FALSE, z5.story().newSource(), "bbc.example alerted on the absorbed story already");
            assertEquals(Boolean.TRUE, byDocument.get("z4").story().newSource());

            io.newswatch.archive.ArchiveSearcher searcher = new io.newswatch.archive.ArchiveSearcher(index,
                    () -> new io.newswatch.matching.RuleCompiler(io.newswatch.rules.Aliases.NONE), 100);
            Set<String> all = java.util.Arrays.stream(coverage).map(d -> d[0]).collect(Collectors.toSet());
            for (String asked : List.of("y1", "x1")) {
                Set<String> found = Set.of();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!found.equals(all) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    var page = searcher.search(new io.newswatch.archive.SearchRequest("apple", null, null, null, null,
                            io.newswatch.archive.SearchRequest.Order.NEWEST, 20, null, asked));
                    found = page.hits().stream().map(io.newswatch.archive.ArchivedHit::id).collect(Collectors.toSet());
                    if (found.equals(all)) {
                        page.hits().forEach(hit -> assertEquals("x1", hit.story(), hit.id() + " shows the surviving story"));
                    }
                }
                assertEquals(all, found, "the archive's documents of story " + asked);
            }
            archiver.close();
            archiving.join(10_000);
        }
    }
}
