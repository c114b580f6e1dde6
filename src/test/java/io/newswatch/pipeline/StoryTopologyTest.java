package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.Topics;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentJson;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.stories.MiniLmHeadlineEncoder;
import io.newswatch.stories.StoryClusterer;
import io.newswatch.stories.StoryDocument;
import io.newswatch.stories.StorySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryTopologyTest {
    static final Instant NOW = TopologyFixture.NOW;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path rulesDir;
    @TempDir Path stateDir;

    RuleRegistry rules;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> documents;
    TestOutputTopic<String, byte[]> alerts;
    TestOutputTopic<String, byte[]> stories;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(rulesDir.resolve("troops.yml"), """
                id: troops
                title: Troops sent
                severity: high
                query: troops NEAR/5 (sent OR send OR deploy*)
                """);
        rules = new RuleRegistry(rulesDir, new RuleLoader(), rule -> {});
        rules.reload();
        Properties props = TopologyFixture.baseProperties(stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(new SimpleMeterRegistry()),
                Clock.fixed(NOW, ZoneOffset.UTC)), props);
        documents = driver.createInputTopic(Topics.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        stories = driver.createOutputTopic(Topics.STORIES, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        rules.close();
    }

    void send(Document document) {
        documents.pipeInput(document.id(), DocumentJson.write(document));
    }

    static Document article(String id, String source, String title, String body, int minute) {
        return new Document(id, source, "https://" + source + "/" + id, title, body, NOW, "en",
                NOW.plus(Duration.ofMinutes(minute)), List.of(), List.of());
    }

    /** The latest value per story id, as a compacted topic would keep it. */
    Map<String, JsonNode> latestStories() throws Exception {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (var record : stories.readRecordsToList()) {
            latest.put(record.key(), JSON.readTree(record.value()));
        }
        return latest;
    }

    @Test
    void everyStoryRecordNamesTheDocumentThatJoinedItAlsoPastTheListedOnes() throws Exception {
        // A story lists its first 500 documents only; the archive learns every later document's story from "joined".
        List<String> sent = List.of("a1", "a2", "a3");
        int minute = 0;
        for (String id : sent) {
            send(article(id, "wire" + minute, "Troops sent to the border " + id, "Troops were sent to the northern border today.", minute++));
        }
        List<String> joined = new java.util.ArrayList<>();
        for (var record : stories.readRecordsToList()) {
            JsonNode story = JSON.readTree(record.value());
            joined.add(story.path("joined").path("id").asText());
            assertEquals(record.key(), story.path("id").asText());
        }
        assertEquals(sent, joined);
    }

    @Test
    void theSeedArticlesFormExactlyOneStoryAndEveryAlertCarriesIt() throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Path> files = reader.listFiles(Path.of("seeds"));
        int minute = 0;
        for (Path file : files) {
            Document read = reader.read(file, NOW.plus(Duration.ofMinutes(minute++)));
            send(read);
        }
        Map<String, JsonNode> latest = latestStories();
        assertEquals(1, latest.size(), "stories: " + latest.keySet());
        JsonNode story = latest.values().iterator().next();
        assertEquals(files.size(), story.path("documentCount").asInt());
        assertEquals(List.of("troops"), JSON.convertValue(story.path("rules"), List.class));
        assertFalse(story.path("closed").asBoolean());

        List<Alert> troops = alerts.readValuesToList().stream().map(AlertCodec::decode).toList();
        assertFalse(troops.isEmpty());
        Set<String> storyIds = troops.stream().map(a -> a.story().id()).collect(Collectors.toSet());
        assertEquals(Set.of(story.path("id").asText()), storyIds);
        troops.forEach(a -> assertEquals(troops.get(0).id(), a.story().firstAlert(), "each alert names the rule's first alert on the story"));
        Alert last = troops.get(troops.size() - 1);
        assertTrue(last.story().documents() >= troops.size());
        assertNotNull(last.story().title());
        assertTrue(!last.story().lastSeen().isBefore(last.story().firstSeen()));
    }

    @Test
    void aNearDuplicateJoinsTheStoryButDoesNotAlertTwiceForTheSameRule() throws Exception {
        String body = "The defence ministry said on Tuesday that 3,000 troops were sent to the northern border overnight "
                + "after weeks of rising tension, and that more units could follow within days if talks fail.";
        send(article("d1", "wire.example", "Troops sent to northern border", body, 0));
        send(article("d2", "paper.example", "Troops sent to northern border", body + " Updated with reactions.", 5));
        send(article("d3", "tv.example", "Border tension: army deploys troops north",
                "Soldiers and armoured vehicles were deployed to the north, the army said; troops were deployed overnight.", 9));

        List<Alert> sent = alerts.readValuesToList().stream().map(AlertCodec::decode).toList();
        assertEquals(List.of("d1", "d3"), sent.stream().map(a -> a.document().id()).toList(),
                "the copy d2 does not alert again; the different article d3 does");
        assertNull(sent.get(0).document().duplicateOf());
        assertEquals(sent.get(0).story().id(), sent.get(1).story().id());
        assertEquals(3, sent.get(1).story().documents());
        assertEquals(3, sent.get(1).story().sources());

        JsonNode story = latestStories().get("d1");
        assertEquals(3, story.path("documentCount").asInt());
        JsonNode copy = story.path("documents").get(1);
        assertEquals("d2", copy.path("id").asText());
        assertEquals("d1", copy.path("duplicateOf").asText());
        assertEquals("https://paper.example/d2", copy.path("url").asText());
    }

    @Test
    void aStoryBreaksWhenFiveSourcesCoverItWithinTheHour() throws Exception {
        for (int i = 0; i < 5; i++) {
            send(article("b" + i, "outlet" + i + ".example", "Earthquake of magnitude 6.1 hits coastal city, outlet " + i,
                    "A strong earthquake hit the coastal city early on Monday, damaging buildings.", i * 10));
        }
        List<JsonNode> updates = stories.readValuesToList().stream().map(v -> {
            try {
                return JSON.readTree(v);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(5, updates.size());
        assertEquals(List.of(false, false, false, false, true),
                updates.stream().map(u -> u.path("breaking").asBoolean()).toList());
    }

    @Test
    void storiesKeepTheirIdsWhenTheClusteringTaskRestartsFromItsStores() {
        KeyValueStore<String, StoredStory> storyStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AlertTopology.STORIES_STORE), Serdes.String(), StoredStory.serde()).withLoggingDisabled().build();
        KeyValueStore<String, String> terms = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AlertTopology.STORY_TERMS_STORE), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        KeyValueStore<String, String> alerted = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(AlertTopology.STORY_ALERTS_STORE), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        MockProcessorContext<String, StoryOutput> context = new MockProcessorContext<>();
        for (KeyValueStore<?, ?> store : List.of(storyStore, terms, alerted)) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        StoryPipelineSettings settings = StoryPipelineSettings.defaults();
        ClusterDocuments before = new ClusterDocuments(settings.clustering(), settings.encoder(), settings.breaking(), settings.retention(),
                new PipelineMetrics(new SimpleMeterRegistry()));
        before.init(context);
        before.process(matched(article("s1", "a.example", "Sbarro files for bankruptcy protection for second time", "", 0)));
        before.process(matched(article("m1", "b.example", "Malaysia Airlines flight MH370 missing over South China Sea", "", 1)));

        ClusterDocuments after = new ClusterDocuments(settings.clustering(), settings.encoder(), settings.breaking(), settings.retention(),
                new PipelineMetrics(new SimpleMeterRegistry()));
        after.init(context);
        context.resetForwards();
        // before the restart the records carried no headline vector (as an older version wrote them), after it they do
        after.process(withMeaning(article("s2", "c.example", "Pizza chain Sbarro files for bankruptcy again", "", 2)));
        after.process(withMeaning(article("m2", "d.example", "Search for missing Malaysia Airlines jet widens", "", 3)));

        List<String> storyIds = context.forwarded().stream().map(f -> f.record().value())
                .filter(out -> out.story() != null).map(out -> out.story().state().id()).toList();
        assertEquals(List.of("s1", "m1"), storyIds);
        assertEquals(List.of("s1", "s2"), storyStore.get("s1").state().documents().stream().map(StoryDocument::id).toList());
    }

    private static Record<String, MatchedDocument> withMeaning(Document document) {
        float[] meaning = MiniLmHeadlineEncoder.load().ready().encode(document.title());
        return new Record<>(document.id(), new MatchedDocument(document, List.of(), meaning), document.ingested().toEpochMilli());
    }

    @Test
    void theClusteringRecordCarriesTheHeadlineVectorComputedOnTheMatchingTask() {
        Document document = article("v1", "wire.example", "Troops sent to the northern border", "Troops were sent north.", 0);
        send(document);
        TestOutputTopic<String, byte[]> clustering = driver.createOutputTopic("newswatch-test-" + AlertTopology.CLUSTERING + "-repartition",
                new StringDeserializer(), new ByteArrayDeserializer());
        List<byte[]> records = clustering.readValuesToList();
        assertEquals(1, records.size());
        MatchedDocument matched = MatchedDocument.serde().deserializer().deserialize("t", records.get(0));
        assertEquals("v1", matched.document().id());
        assertEquals(1, matched.alerts().size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                MiniLmHeadlineEncoder.load().ready().encode(StoryClusterer.headline(ClusterDocuments.input(document, 0))), matched.meaning());
    }

    @Test
    void realNewsThroughTheTopologyGetTheStoriesTheClustererGivesDirectlyAndTheSameOnASecondRun() throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Path> files = reader.listFiles(Path.of("../shared/corpus/realnews/docs")).subList(0, 60);
        List<Document> read = new java.util.ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            read.add(reader.read(files.get(i), NOW.plus(Duration.ofSeconds(20L * i))));
        }
        StoryClusterer direct = new StoryClusterer(StorySettings.defaults(), MiniLmHeadlineEncoder.load().ready());
        Map<String, String> expected = new LinkedHashMap<>();
        for (Document document : read) {
            expected.put(document.id(), direct.assign(ClusterDocuments.input(document, 0)).storyId());
        }
        assertTrue(new java.util.HashSet<>(expected.values()).size() < expected.size(), "some real-news articles share a story");

        read.forEach(this::send);
        assertEquals(expected, joinedStories(stories));

        try (TopologyTestDriver again = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(new SimpleMeterRegistry()),
                Clock.fixed(NOW, ZoneOffset.UTC)), TopologyFixture.properties(stateDir.resolve("again")))) {
            TestInputTopic<String, byte[]> input = again.createInputTopic(Topics.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
            read.forEach(document -> input.pipeInput(document.id(), DocumentJson.write(document)));
            assertEquals(expected, joinedStories(again.createOutputTopic(Topics.STORIES, new StringDeserializer(), new ByteArrayDeserializer())));
        }
    }

    /** Document id → the story its story record says it joined, in the order they joined. */
    private static Map<String, String> joinedStories(TestOutputTopic<String, byte[]> topic) throws Exception {
        Map<String, String> joined = new LinkedHashMap<>();
        for (var record : topic.readRecordsToList()) {
            JsonNode story = JSON.readTree(record.value());
            if (story.has("joined")) {
                joined.put(story.path("joined").path("id").asText(), record.key());
            }
        }
        return joined;
    }

    private static Record<String, MatchedDocument> matched(Document document) {
        return new Record<>(document.id(), new MatchedDocument(document, List.of()), document.ingested().toEpochMilli());
    }
}
