package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.stories.BreakingRule;
import io.newswatch.stories.StorySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two open stories that converge merge in the clustering task (TopologyTestDriver, exactly-once): the absorbed story's
 * last state on {@code newswatch.stories} is closed and names the survivor, later alerts carry the survivor, the
 * absorbed story's first alerts carry over (so the survivor's notification is an update), and the API follows the
 * surviving id. Words-only clustering with merging (the same code path as with the headline model, without loading it).
 */
class StoryMergeTopologyTest {
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
        Files.writeString(rulesDir.resolve("ipad.yml"), """
                id: ipad
                title: iPad news
                severity: low
                query: ipad
                """);
        rules = new RuleRegistry(rulesDir, new RuleLoader(), rule -> {});
        rules.reload();
        Properties props = TopologyFixture.baseProperties(stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        StoryPipelineSettings merging = new StoryPipelineSettings(StorySettings.wordsOnly().withMergeSimilarity(0.3),
                new BreakingRule(BreakingRule.DEFAULT_SOURCES, BreakingRule.DEFAULT_WITHIN), StoryPipelineSettings.DEFAULT_RETENTION);
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(new SimpleMeterRegistry()),
                Clock.fixed(TopologyFixture.NOW, ZoneOffset.UTC), Topics.DEFAULTS, merging), props);
        documents = driver.createInputTopic(Topics.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        stories = driver.createOutputTopic(Topics.STORIES, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        rules.close();
    }

    private void send(String id, String source, String title, int minute) {
        Document document = new Document(id, source, "https://" + source + "/" + id, title, "", TopologyFixture.NOW, "en",
                TopologyFixture.NOW.plus(Duration.ofMinutes(minute)), List.of(), List.of());
        documents.pipeInput(id, DocumentJson.write(document));
    }

    /** The fragments of StoryClustererTest.CONVERGING: x1 (iPhone 5c) and y1 (iPad 2) until z3 bridges them. */
    private void sendConvergingCoverage() {
        send("x1", "reuters.example", "Apple launches cheaper 8GB iPhone 5c", 0);
        send("y1", "bbc.example", "Apple discontinues iPad 2, brings back iPad 4", 1);
        send("x2", "cnn.example", "Apple unveils cheaper 8GB version of the iPhone 5c", 2);
        send("y2", "ap.example", "Apple kills iPad 2 and revives iPad 4 with Retina display", 3);
        send("z1", "wsj.example", "Apple cuts iPhone 5c price, kills iPad 2 for iPad 4", 4);
        send("z2", "verge.example", "Apple refreshes its lineup: cheaper iPhone 5c, iPad 4 replaces iPad 2", 5);
        send("z3", "engadget.example", "Cheaper 8GB iPhone 5c arrives as Apple kills iPad 2", 6);
        send("z4", "mashable.example", "Apple's cheaper 8GB iPhone 5c and iPad 4 return", 7);
    }

    @Test
    void theAbsorbedStoryIsPublishedClosedWithMergedIntoAndLaterAlertsCarryTheSurvivorAsAnUpdate() throws Exception {
        sendConvergingCoverage();
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        List<String> mergedRecords = new ArrayList<>();
        for (var record : stories.readRecordsToList()) {
            JsonNode story = JSON.readTree(record.value());
            latest.put(record.key(), story);
            if (story.has("mergedInto")) {
                mergedRecords.add(record.key() + "->" + story.path("mergedInto").asText());
            }
        }
        assertEquals(List.of("y1->x1"), mergedRecords, "one merge record, keyed by the absorbed id");
        JsonNode absorbed = latest.get("y1");
        assertTrue(absorbed.path("closed").asBoolean());
        JsonNode survivor = latest.get("x1");
        assertFalse(survivor.has("mergedInto"));
        assertFalse(survivor.path("closed").asBoolean());
        assertEquals(8, survivor.path("documentCount").asInt());
        assertEquals(List.of("ipad"), List.of(JSON.convertValue(survivor.path("rules"), String[].class)),
                "the survivor takes the absorbed story's rules");

        List<Alert> sent = alerts.readValuesToList().stream().map(AlertCodec::decode).toList();
        Map<String, Alert> byDocument = new LinkedHashMap<>();
        sent.forEach(alert -> byDocument.put(alert.document().id(), alert));
        assertEquals("y1", byDocument.get("y1").story().id());
        assertEquals(byDocument.get("y1").id(), byDocument.get("y1").story().firstAlert());
        Alert afterMerge = byDocument.get("z4");
        assertEquals("x1", afterMerge.story().id(), "alerts after the merge carry the surviving story");
        assertEquals(byDocument.get("y1").id(), afterMerge.story().firstAlert(),
                "the absorbed story's first alert of the rule carries over: the survivor's notification is an update");
        assertNull(afterMerge.document().duplicateOf());
    }

    @Test
    void aSourceTheRuleAlertedFromOnTheAbsorbedStoryIsNotNewOnTheSurvivor() throws Exception {
        sendConvergingCoverage();
        send("z5", "bbc.example", "BBC: Apple's iPad 4 replaces the iPad 2, cheaper iPhone 5c on sale", 8);
        Map<String, Alert> byDocument = new LinkedHashMap<>();
        alerts.readValuesToList().stream().map(AlertCodec::decode).forEach(alert -> byDocument.put(alert.document().id(), alert));
        assertEquals("y1", byDocument.get("y1").story().id());
        assertEquals(Boolean.TRUE, byDocument.get("y1").story().newSource(), "bbc.example's first alert of the rule");
        Alert z5 = byDocument.get("z5");
        assertEquals("x1", z5.story().id(), "z5 joins the survivor");
        assertEquals(Boolean.FALSE, z5.story().newSource(), "bbc.example alerted on the absorbed story y1 already");
        assertEquals(Boolean.TRUE, byDocument.get("z4").story().newSource(), "mashable.example never alerted before");
        var group = io.newswatch.delivery.StoryGroup.of(List.of(byDocument.get("z4"), z5)).getFirst();
        assertEquals(List.of("mashable.example"), group.newSources(), "the survivor's update does not list bbc.example again");
    }

    @Test
    void theApiFollowsTheAbsorbedIdToTheSurvivorAndListsOnlyTheSurvivor() {
        sendConvergingCoverage();
        KeyValueStore<String, StoredStory> store = driver.getKeyValueStore(AlertTopology.STORIES_STORE);
        StoryQueries queries = new StoryQueries(() -> store);
        assertEquals("x1", queries.story("y1").orElseThrow().id());
        assertEquals(8, queries.story("y1").orElseThrow().documentCount());
        assertEquals("x1", store.get("y1").mergedInto());
        assertEquals(List.of("x1"), queries.recent(TopologyFixture.NOW.minus(Duration.ofDays(1)), null, 10).stream()
                .map(StoryQueries.StorySummaryView::id).toList());
    }
}
