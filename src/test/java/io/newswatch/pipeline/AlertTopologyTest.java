package io.newswatch.pipeline;

import java.util.ArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.newswatch.broker.Topics;



import io.newswatch.document.DocumentJson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.alerts.Alert;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertTopologyTest {
    static final Instant NOW = TopologyFixture.NOW;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path rulesDir;
    @TempDir Path stateDir;

    RuleRegistry rules;
    SimpleMeterRegistry meters;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> documents;
    TestOutputTopic<String, byte[]> allAlerts;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(rulesDir.resolve("troops.yml"), """
                id: troops
                title: Troops sent
                severity: high
                query: troops NEAR/5 (sent OR deploy*)
                """);
        Files.writeString(rulesDir.resolve("pact.yml"), """
                id: pact
                title: Pacts
                severity: medium
                topic: custom.pacts
                query: pact OR treaty
                """);
        rules = new RuleRegistry(rulesDir, new RuleLoader(), rule -> {});
        rules.reload();
        meters = new SimpleMeterRegistry();
        Properties props = TopologyFixture.properties(stateDir);
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(meters), Clock.fixed(NOW, ZoneOffset.UTC)), props);
        documents = driver.createInputTopic(AlertTopology.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
        allAlerts = driver.createOutputTopic(AlertTopology.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        rules.close();
    }

    static Document document(String id, String title, String body) {
        return new Document(id, "file", "seeds/" + id + ".txt", title, body, NOW.minusSeconds(3600), "en", NOW, List.of(), List.of());
    }

    void send(Document document) {
        documents.pipeInput(document.id(), DocumentJson.write(document));
    }

    @Test
    void publishesEachAlertToTheAllAlertsTopicAndToItsRuleTopic() {
        send(document("d1", "Border news", "The government sent 3,000 troops to the border and signed a defence pact."));

        List<TestRecord<String, byte[]>> all = allAlerts.readRecordsToList();
        assertEquals(2, all.size());
        var troops = driver.createOutputTopic("newswatch.alerts.troops", new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        var pacts = driver.createOutputTopic("custom.pacts", new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
        assertEquals(1, troops.size());
        assertEquals(1, pacts.size());
        assertEquals(Alert.idFor("troops", "d1"), troops.get(0).key());
        assertEquals(Alert.idFor("pact", "d1"), pacts.get(0).key());
    }

    @Test
    void writesAlertsToTheConfiguredAlertsTopic() {
        driver.close();
        Topics topics = new Topics(Topics.DOCUMENTS, "ops.alerts", Topics.DEAD_LETTER, Topics.LEDGER, "newswatch-test");
        Properties props = TopologyFixture.baseProperties(stateDir.resolve("configured"));
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(meters), Clock.fixed(NOW, ZoneOffset.UTC), topics), props);
        documents = driver.createInputTopic(topics.documents(), new StringSerializer(), new ByteArraySerializer());
        send(document("d9", "Border news", "The government sent 3,000 troops to the border."));

        assertEquals(1, driver.createOutputTopic("ops.alerts", new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList().size());
        assertEquals(0, driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList().size());
    }

    @Test
    void anAlertWhoseRuleTopicKafkaRefusedGoesToTheAllAlertsTopicOnlyAndTheOtherRulesAreUnaffected() {
        driver.close();
        Properties props = TopologyFixture.baseProperties(stateDir.resolve("refused"));
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(meters), Clock.fixed(NOW, ZoneOffset.UTC),
                Topics.DEFAULTS, topic -> topic.equals("custom.pacts") ? java.util.Optional.of("collides") : java.util.Optional.empty(),
                AlertTopology.DEFAULT_DEDUP_RETENTION), props);
        documents = driver.createInputTopic(Topics.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
        allAlerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        send(document("d1", "Border news", "The government sent 3,000 troops to the border and signed a defence pact."));

        assertEquals(2, allAlerts.readRecordsToList().size());
        assertEquals(1, driver.createOutputTopic("newswatch.alerts.troops", new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList().size());
        assertEquals(0, driver.createOutputTopic("custom.pacts", new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList().size());
    }

    @Test
    void withRuleTopicsOffEveryAlertIsOnTheAllAlertsTopicWithTheSameBytesAndNoneOnARuleTopic() {
        send(document("d1", "Border news", "The government sent 3,000 troops to the border and signed a defence pact."));
        List<TestRecord<String, byte[]>> withRuleTopics = allAlerts.readRecordsToList();
        driver.close();
        Properties props = TopologyFixture.baseProperties(stateDir.resolve("no-rule-topics"));
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(meters), Clock.fixed(NOW, ZoneOffset.UTC),
                Topics.DEFAULTS, StoryPipelineSettings.defaults(), topic -> java.util.Optional.empty(),
                AlertTopology.DEFAULT_DEDUP_RETENTION, false), props);
        documents = driver.createInputTopic(Topics.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
        allAlerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        send(document("d1", "Border news", "The government sent 3,000 troops to the border and signed a defence pact."));

        List<TestRecord<String, byte[]>> alone = allAlerts.readRecordsToList();
        assertEquals(withRuleTopics.stream().map(TestRecord::key).toList(), alone.stream().map(TestRecord::key).toList());
        for (int i = 0; i < alone.size(); i++) {
            assertEquals(new String(withRuleTopics.get(i).value(), java.nio.charset.StandardCharsets.UTF_8),
                    new String(alone.get(i).value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(0, driver.createOutputTopic("newswatch.alerts.troops", new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList().size());
        assertEquals(0, driver.createOutputTopic("custom.pacts", new StringDeserializer(), new ByteArrayDeserializer()).readRecordsToList().size());
        assertTrue(driver.producedTopicNames().stream().noneMatch(t -> t.equals("custom.pacts") || t.startsWith("newswatch.alerts.")),
                "topics written: " + driver.producedTopicNames());
    }

    /** Stories closed after an hour, so a re-processed document is not held back as a repeat within its open story. */
    private static StoryPipelineSettings shortStories() {
        StoryPipelineSettings defaults = StoryPipelineSettings.defaults();
        return defaults.withClustering(defaults.clustering().withWindow(java.time.Duration.ofHours(1)));
    }

    @Test
    void anIdNotSeenForLongerThanTheRetentionIsForgottenAndARecentOneIsStillDeduplicated() {
        driver.close();
        Properties props = TopologyFixture.baseProperties(stateDir.resolve("retention"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(meters), Clock.fixed(NOW, ZoneOffset.UTC),
                Topics.DEFAULTS, shortStories(), topic -> java.util.Optional.empty(), java.time.Duration.ofDays(1)), props);
        documents = driver.createInputTopic(Topics.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
        allAlerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        Document old = document("old", "Border news", "The government sent troops to the border.");
        // a different text, not a near-duplicate of the first (a near-duplicate in the same story would not alert again)
        Document recent = document("recent", "Flood relief", "Defence ministers said on Friday that the army sent troops to help flood relief in the eastern provinces.");
        java.time.Instant t0 = NOW;

        documents.pipeInput(old.id(), DocumentJson.write(old), t0);
        documents.pipeInput(recent.id(), DocumentJson.write(recent), t0.plus(java.time.Duration.ofHours(30)));
        assertEquals(2, allAlerts.readRecordsToList().size());
        org.apache.kafka.streams.state.KeyValueStore<String, SeenDocument> store = driver.getKeyValueStore(AlertTopology.SEEN_STORE);
        assertEquals(null, store.get("old"), "forgotten by the cleanup once stream time passed its retention");
        assertEquals(t0.plus(java.time.Duration.ofHours(30)).toEpochMilli(), store.get("recent").timestamp());

        // the old id is processed (and alerts) again; the recent one, within a day of its sighting, is a repeat
        // read again a day later (stories are timed by when a document was read: the old one's story has closed)
        Document oldAgain = new Document(old.id(), old.source(), old.location(), old.title(), old.body(), old.published(),
                old.language(), t0.plus(java.time.Duration.ofHours(31)), List.of(), List.of());
        documents.pipeInput(old.id(), DocumentJson.write(oldAgain), t0.plus(java.time.Duration.ofHours(31)));
        documents.pipeInput(recent.id(), DocumentJson.write(recent), t0.plus(java.time.Duration.ofHours(53)));
        List<TestRecord<String, byte[]>> again = allAlerts.readRecordsToList();
        assertEquals(1, again.size());
        assertEquals(Alert.idFor("troops", "old"), again.getFirst().key(), "the same alert id as the first time");
        assertEquals(t0.plus(java.time.Duration.ofHours(53)).toEpochMilli(), store.get("recent").timestamp(), "a repeat renews the id");
    }

    @Test
    void ignoresDocumentsAlreadySeen() {
        Document document = document("d2", "Deployment", "Troops were deployed overnight.");
        send(document);
        send(document);
        send(document("d2", "Deployment (updated)", "Troops were deployed overnight, officials said."));

        assertEquals(1, allAlerts.readRecordsToList().size());
        assertEquals(2.0, meters.counter("newswatch.documents.duplicates").count());
    }

    @Test
    void aCopyUnderAnotherNameIsLoggedOnceAtInfoWithBothNames() {
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord record) { logged.add(record); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(DeduplicateDocuments.class.getName());
        logger.addHandler(handler);
        try {
            Document original = document("d3", "Deployment", "Troops were deployed overnight.");
            send(original);
            send(original); // the same file again, as at every start: not worth an INFO line
            send(new Document("d3", "file", "seeds/copy-of-d3.txt", "Deployment", "Troops were deployed overnight.",
                    null, "en", NOW, List.of(), List.of()));
        } finally {
            logger.removeHandler(handler);
        }
        assertEquals(List.of("document seeds/copy-of-d3.txt has the same text as seeds/d3.txt, processed before; skipped (document id d3)"),
                formatted(logged));
        assertEquals(2.0, meters.counter("newswatch.documents.duplicates").count());
    }

    private static List<String> formatted(List<LogRecord> records) {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                .map(r -> r instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage()).toList();
    }

    @Test
    void countersExistAtZeroBeforeTheirFirstEvent() {
        SimpleMeterRegistry fresh = new SimpleMeterRegistry();
        PipelineMetrics metrics = new PipelineMetrics(fresh);
        metrics.ruleActive("troops");
        assertEquals(0.0, fresh.get("newswatch.documents.duplicates").counter().count());
        assertEquals(0.0, fresh.get("newswatch.documents.processed").counter().count());
        assertEquals(0.0, fresh.get("newswatch.documents.ingested").tag("source", "file").counter().count());
        assertEquals(0.0, fresh.get("newswatch.matches").tag("rule", "troops").counter().count());
        assertEquals(0.0, fresh.get("newswatch.alerts.published").tag("rule", "troops").counter().count());
    }

    @Test
    void theDedupStoreStillReadsEntriesWrittenBeforeNamesWereKept() {
        byte[] legacy = new org.apache.kafka.common.serialization.LongSerializer().serialize("t", 1234L);
        assertEquals(new SeenDocument(1234L, null), SeenDocument.serde().deserializer().deserialize("t", legacy));
        SeenDocument now = new SeenDocument(99L, "seeds/é.txt");
        assertEquals(now, SeenDocument.serde().deserializer().deserialize("t", SeenDocument.serde().serializer().serialize("t", now)));
    }

    @Test
    void alertValueIsACloudEventWithTheRuleDocumentAndEvidence() throws Exception {
        send(document("d3", "Moscow", "Officials confirmed troops deployed near the front."));

        TestRecord<String, byte[]> record = allAlerts.readRecord();
        JsonNode event = JSON.readTree(record.value());
        assertEquals("1.0", event.get("specversion").asText());
        assertEquals(Alert.idFor("troops", "d3"), event.get("id").asText());
        assertEquals(record.key(), event.get("id").asText());
        assertEquals("urn:newswatch", event.get("source").asText());
        assertEquals("io.newswatch.alert.v1", event.get("type").asText());
        assertEquals("troops", event.get("subject").asText());
        assertEquals(NOW.toString(), event.get("time").asText());
        assertEquals("application/json", event.get("datacontenttype").asText());
        JsonNode data = event.get("data");
        assertEquals("Troops sent", data.at("/rule/title").asText());
        assertEquals("high", data.at("/rule/severity").asText());
        assertEquals("d3", data.at("/document/id").asText());
        assertEquals("seeds/d3.txt", data.at("/document/path").asText());
        assertTrue(data.at("/document/url").isNull());
        assertTrue(data.get("score").asDouble() > 0);
        assertFalse(data.get("highlights").isEmpty());
        JsonNode first = data.get("highlights").get(0);
        String body = "Officials confirmed troops deployed near the front.";
        assertEquals(first.get("term").asText(), body.substring(first.get("start").asInt(), first.get("end").asInt()));
        assertTrue(data.get("snippet").asText().contains("troops deployed"));
    }

    @Test
    void documentsMatchingNoRuleProduceNothing() {
        send(document("d4", "Markets", "Shares rose on Tuesday as investors weighed rate cuts."));
        assertTrue(allAlerts.isEmpty());
        assertEquals(1.0, meters.counter("newswatch.documents.processed").count());
    }

    @Test
    void skipsRecordsThatAreNotDocumentsAndKeepsGoing() {
        documents.pipeInput("junk", "{not json".getBytes());
        send(document("d5", "Troops", "Troops were sent home."));
        List<TestRecord<String, byte[]>> all = allAlerts.readRecordsToList();
        assertEquals(1, all.size());
    }
}
