package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.alerts.BackfillRequest;
import io.newswatch.broker.Topics;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentJson;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill requests through the topology: alerts once per (rule, document), live or backfilled, across restarts of the stream. */
class BackfillTopologyTest {
    static final Instant NOW = TopologyFixture.NOW;

    @TempDir Path rulesDir;
    @TempDir Path stateDir;

    RuleRegistry rules;
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> documents;
    TestInputTopic<String, byte[]> backfill;
    TestOutputTopic<String, byte[]> alerts;

    @BeforeEach
    void start() throws Exception {
        writeRule("troops NEAR/5 sent", "24h");
        rules = new RuleRegistry(rulesDir, new RuleLoader(), rule -> {});
        rules.reload();
        open();
    }

    void writeRule(String query, String backfillWindow) throws Exception {
        Files.writeString(rulesDir.resolve("troops.yml"), "id: troops\ntitle: Troops sent\nseverity: high\nquery: " + query + "\n"
                + (backfillWindow == null ? "" : "backfill: " + backfillWindow + "\n"));
        Files.setLastModifiedTime(rulesDir.resolve("troops.yml"), java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(query.length())));
    }

    void open() {
        Properties props = TopologyFixture.properties(stateDir);
        driver = new TopologyTestDriver(AlertTopology.build(rules, new PipelineMetrics(new SimpleMeterRegistry()), Clock.fixed(NOW, ZoneOffset.UTC)), props);
        documents = driver.createInputTopic(Topics.DOCUMENTS, new StringSerializer(), new ByteArraySerializer());
        backfill = driver.createInputTopic(Topics.BACKFILL, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        rules.close();
    }

    static Document document(String id, String body, Instant ingested) {
        return new Document(id, "file", "seeds/" + id + ".txt", "News " + id, body, ingested.minusSeconds(60), "en", ingested, List.of(), List.of());
    }

    void request(Document document) {
        backfill.pipeInput(document.id(), BackfillRequest.encode(new BackfillRequest("troops", document)));
    }

    @Test
    void aBackfilledDocumentThatTheRuleMatchesAlertsWithTheSameIdALiveAlertWouldHave() {
        Document d = document("b1", "The government sent troops to the border.", NOW.minusSeconds(3600));
        request(d);

        List<TestRecord<String, byte[]>> out = alerts.readRecordsToList();
        assertEquals(1, out.size());
        Alert alert = AlertCodec.decode(out.getFirst().value());
        assertEquals(Alert.idFor("troops", "b1"), out.getFirst().key());
        assertEquals(Alert.idFor("troops", "b1"), alert.id());
        assertEquals("troops", alert.rule().id());
        assertEquals(1, driver.createOutputTopic("newswatch.alerts.troops", new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList().size());
    }

    @Test
    void aDocumentRequestedTwiceAlertsOnce() {
        Document d = document("b2", "The government sent troops to the border.", NOW.minusSeconds(3600));
        request(d);
        request(d);
        assertEquals(1, alerts.readRecordsToList().size());
        // across restarts of the daemon: ArchiveIT.aBackfillRuleAlertsOnceAlsoAfterARestart
    }

    @Test
    void aDocumentThatAlreadyAlertedLiveIsNotAlertedAgainByABackfill() {
        Document d = document("b3", "The government sent troops to the border.", NOW.minusSeconds(60));
        documents.pipeInput(d.id(), DocumentJson.write(d));
        assertEquals(1, alerts.readRecordsToList().size());

        request(d);
        assertEquals(0, alerts.readRecordsToList().size());
    }

    @Test
    void aBackfilledDocumentIsNotAlertedAgainWhenItArrivesLive() {
        Document d = document("b4", "The government sent troops to the border.", NOW.minusSeconds(60));
        request(d);
        assertEquals(1, alerts.readRecordsToList().size());

        documents.pipeInput(d.id(), DocumentJson.write(d));
        assertEquals(0, alerts.readRecordsToList().size());
    }

    @Test
    void nothingIsSentForADocumentTheRuleInForceDoesNotMatch() {
        request(document("b5", "The government recalled its ambassador.", NOW.minusSeconds(60)));
        assertEquals(0, alerts.readRecordsToList().size());
    }

    @Test
    void aDocumentReadBeforeTheWindowIsNotAlerted() {
        request(document("b6", "The government sent troops to the border.", NOW.minus(Duration.ofHours(25))));
        assertEquals(0, alerts.readRecordsToList().size());
    }

    @Test
    void aRequestForARuleWithoutBackfillOrUnknownIsDropped() throws Exception {
        writeRule("troops NEAR/5 sent", null);
        rules.reload();
        request(document("b7", "The government sent troops to the border.", NOW.minusSeconds(60)));
        backfill.pipeInput("b8", BackfillRequest.encode(new BackfillRequest("nosuchrule",
                document("b8", "The government sent troops to the border.", NOW.minusSeconds(60)))));
        assertEquals(0, alerts.readRecordsToList().size());
    }

    @Test
    void aBackfillAlertIsPlacedInTheStoryTheArchiveNamesAsItStandsNowWithTheSameId() throws Exception {
        // Two documents arrive live and form one story; the rule in force then matches neither.
        Document first = document("s1", "The government deployed troops to the border near the river.", NOW.minusSeconds(600));
        Document second = document("s2", "The government deployed troops to the border near the river, officials said.", NOW.minusSeconds(300));
        documents.pipeInput(first.id(), DocumentJson.write(first));
        documents.pipeInput(second.id(), DocumentJson.write(second));
        assertEquals(0, alerts.readRecordsToList().size());
        StoredStory story = driver.<String, StoredStory>getKeyValueStore(AlertTopology.STORIES_STORE).get("s1");
        assertEquals(2, story.state().documentCount(), "both documents are in story s1");

        // The rule is edited to match them and backfilled: the archive names each document's story.
        writeRule("troops NEAR/5 deployed", "24h");
        rules.reload();
        backfill.pipeInput("s2", BackfillRequest.encode(new BackfillRequest("troops", second, "s1")));
        backfill.pipeInput("s1", BackfillRequest.encode(new BackfillRequest("troops", first, "s1")));

        List<TestRecord<String, byte[]>> out = alerts.readRecordsToList();
        assertEquals(2, out.size());
        Alert onSecond = AlertCodec.decode(out.get(0).value());
        Alert onFirst = AlertCodec.decode(out.get(1).value());
        assertEquals(Alert.idFor("troops", "s2"), onSecond.id(), "the id a live alert would have had");
        assertEquals(Alert.idFor("troops", "s1"), onFirst.id());
        assertEquals("s1", onSecond.story().id());
        assertEquals(2, onSecond.story().documents());
        assertEquals(story.state().title(), onSecond.story().title());
        assertEquals(onSecond.id(), onSecond.story().firstAlert(), "the rule's first alert on the story");
        assertEquals(onSecond.id(), onFirst.story().firstAlert(), "a later alert of the rule on the story names the first");

        // Requested again (a rule re-saved, a restart): not sent twice.
        backfill.pipeInput("s2", BackfillRequest.encode(new BackfillRequest("troops", second, "s1")));
        assertEquals(0, alerts.readRecordsToList().size());
    }

    @Test
    void aBackfillAlertWhoseStoryIsNotKeptGoesOutWithoutOne() {
        Document d = document("s9", "The government sent troops to the border.", NOW.minusSeconds(60));
        backfill.pipeInput(d.id(), BackfillRequest.encode(new BackfillRequest("troops", d, "no-such-story")));
        List<TestRecord<String, byte[]>> out = alerts.readRecordsToList();
        assertEquals(1, out.size());
        assertNull(AlertCodec.decode(out.getFirst().value()).story());
    }

    @Test
    void aRequestCarriesItsStoryThroughItsJson() {
        Document d = document("s3", "Troops.", NOW);
        assertEquals("st", BackfillRequest.decode(BackfillRequest.encode(new BackfillRequest("troops", d, "st"))).story());
        assertNull(BackfillRequest.decode(BackfillRequest.encode(new BackfillRequest("troops", d))).story());
    }

    @Test
    void anUndecodableRequestIsSkippedAndTheNextOneStillAlerts() {
        backfill.pipeInput("x", "not json".getBytes());
        request(document("b9", "The government sent troops to the border.", NOW.minusSeconds(60)));
        List<TestRecord<String, byte[]>> out = alerts.readRecordsToList();
        assertEquals(1, out.size());
        assertNull(AlertCodec.decode(out.getFirst().value()).story());
    }
}
