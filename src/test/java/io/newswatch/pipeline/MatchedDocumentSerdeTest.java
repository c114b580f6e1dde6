package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.newswatch.alerts.Alert;
import io.newswatch.document.Document;
import io.newswatch.matching.Highlight;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The repartition topic's format between matching and story clustering, and the alert serializer's reuse of bytes. */
class MatchedDocumentSerdeTest {
    private static final Instant T = Instant.parse("2026-03-10T08:00:00Z");
    private static final Document DOCUMENT = new Document("doc-1", "file", "inbox/a \"quoted\" {name}.txt",
            "Title with \"quotes\", braces } { and ünïcödé", "Body: {\"not\": \"json\"} \\ backslash\nsecond line €", T,
            "en", T.plusSeconds(5), List.of("A. Writer"), List.of("world"));

    private static Alert alert(String id, String rule) {
        return new Alert(id, T.plusSeconds(6), new Alert.RuleSummary(rule, "Rule " + rule, "high"),
                new Alert.DocumentSummary("doc-1", DOCUMENT.title(), null, DOCUMENT.location(), "file", T), 1.5,
                List.of(new Highlight("body", "json", 8, 12)), "Body: {\"not\": …", null);
    }

    @Test
    void aDocumentWithItsAlertsComesBackEqual() {
        Serde<MatchedDocument> serde = MatchedDocument.serde();
        MatchedDocument matched = new MatchedDocument(DOCUMENT, List.of(
                new RoutedAlert("newswatch.alerts.a", alert("alert-a", "a")), new RoutedAlert("newswatch.alerts.b", alert("alert-b", "b"))));

        MatchedDocument back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", matched));

        assertEquals(matched, back);
    }

    @Test
    void aDocumentWithoutAlertsComesBackEqual() {
        Serde<MatchedDocument> serde = MatchedDocument.serde();
        MatchedDocument matched = new MatchedDocument(DOCUMENT, List.of());

        assertEquals(matched, serde.deserializer().deserialize("t", serde.serializer().serialize("t", matched)));
    }

    @Test
    void theHeadlineVectorComesBackBitForBit() {
        Serde<MatchedDocument> serde = MatchedDocument.serde();
        float[] meaning = new float[384];
        for (int i = 0; i < meaning.length; i++) {
            meaning[i] = (float) Math.sin(i * 0.37) / 7.3f;
        }
        meaning[5] = Float.MIN_VALUE;
        meaning[6] = -0.0f;
        MatchedDocument matched = new MatchedDocument(DOCUMENT, List.of(new RoutedAlert("newswatch.alerts.a", alert("alert-a", "a"))), meaning);

        MatchedDocument back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", matched));

        assertEquals(matched, back);
        for (int i = 0; i < meaning.length; i++) {
            assertEquals(Float.floatToRawIntBits(meaning[i]), Float.floatToRawIntBits(back.meaning()[i]), "float " + i);
        }
    }

    @Test
    void aRecordWithoutAVectorAsOlderVersionsWroteItHasNone() {
        byte[] old = ("{\"document\":" + new String(io.newswatch.document.DocumentJson.write(DOCUMENT), StandardCharsets.UTF_8)
                + ",\"alerts\":[]}").getBytes(StandardCharsets.UTF_8);
        assertEquals(new MatchedDocument(DOCUMENT, List.of()), MatchedDocument.serde().deserializer().deserialize("t", old));
        assertEquals(null, MatchedDocument.serde().deserializer().deserialize("t", old).meaning());
    }

    @Test
    void somethingElseOnTheTopicIsASerializationError() {
        Serde<MatchedDocument> serde = MatchedDocument.serde();
        for (String bad : List.of("[]", "{\"alerts\": []}", "{\"document\": {\"id\": \"x\"", "not json",
                "{\"document\":" + new String(io.newswatch.document.DocumentJson.write(DOCUMENT), StandardCharsets.UTF_8) + ",\"meaning\":\"AAA\"}",
                "{\"document\":" + new String(io.newswatch.document.DocumentJson.write(DOCUMENT), StandardCharsets.UTF_8) + ",\"meaning\":\"not base64!\"}")) {
            assertThrows(SerializationException.class,
                    () -> serde.deserializer().deserialize("t", bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void anAlertWrittenToTwoTopicsIsEncodedOnceAndAnotherAlertAfresh() {
        Serde<RoutedAlert> serde = RoutedAlert.serde();
        Alert a = alert("alert-a", "a");
        byte[] toAll = serde.serializer().serialize("newswatch.alerts", new RoutedAlert("newswatch.alerts.a", a));
        byte[] toRule = serde.serializer().serialize("newswatch.alerts.a", new RoutedAlert("newswatch.alerts.a", a));
        byte[] other = serde.serializer().serialize("newswatch.alerts", new RoutedAlert("newswatch.alerts.b", alert("alert-b", "b")));

        assertSame(toAll, toRule);
        assertEquals("alert-b", serde.deserializer().deserialize("newswatch.alerts", other).alert().id());
        assertArrayEquals(toAll, serde.serializer().serialize("x", new RoutedAlert("newswatch.alerts.a", alert("alert-a", "a"))));
    }

    @Test
    void aBackfillsStoryIdSurvivesTheRepartitionTopic() {
        MatchedDocument matched = new MatchedDocument(DOCUMENT, List.of(new RoutedAlert("newswatch.alerts.a", alert("alert-a", "a"))), null, "story-7");
        byte[] bytes = MatchedDocument.serde().serializer().serialize("t", matched);
        assertEquals(matched, MatchedDocument.serde().deserializer().deserialize("t", bytes));
        assertEquals("story-7", MatchedDocument.serde().deserializer().deserialize("t", bytes).story());
    }

    @Test
    void theRecordIsByteForByteWhatTheEventTreeWriterWrote() throws Exception {
        // Records written by the previous version (alerts built as event trees) and by this one are the same bytes, so a
        // repartition topic holding both during an upgrade reads the same either way.
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<RoutedAlert> alerts = List.of(new RoutedAlert("newswatch.alerts.a", alert("alert-a", "a")),
                new RoutedAlert("newswatch.alerts.b", alert("alert-b", "b").inStory(
                        new Alert.StorySummary("s", "t", 2, 1, T, T, "alert-b", Boolean.FALSE), "doc-0")));
        var tree = json.createArrayNode();
        for (RoutedAlert routed : alerts) {
            var node = tree.addObject();
            node.put("topic", routed.topic());
            node.set("event", io.newswatch.alerts.EventTreeReference.event(routed.alert()));
        }
        String expected = "{\"document\":" + new String(io.newswatch.document.DocumentJson.write(DOCUMENT), StandardCharsets.UTF_8)
                + ",\"alerts\":" + new String(json.writeValueAsBytes(tree), StandardCharsets.UTF_8) + "}";

        byte[] written = MatchedDocument.serde().serializer().serialize("t", new MatchedDocument(DOCUMENT, alerts));

        assertEquals(expected, new String(written, StandardCharsets.UTF_8));
        assertEquals(alerts, MatchedDocument.serde().deserializer().deserialize("t", written).alerts());
    }

    @Test
    void anAlertThatIsNotAnEventIsASerializationError() {
        String document = "{\"document\":" + new String(io.newswatch.document.DocumentJson.write(DOCUMENT), StandardCharsets.UTF_8);
        for (String alerts : List.of("[1]", "[{\"topic\":\"x\"}]", "[{\"topic\":\"x\",\"event\":{\"specversion\":\"1.0\"}}]",
                "[{\"topic\":\"x\",\"event\":{\"specversion\":\"1.0\",\"type\":\"io.newswatch.alert.v1\",\"time\":\"yesterday\"}}]")) {
            byte[] bad = (document + ",\"alerts\":" + alerts + "}").getBytes(StandardCharsets.UTF_8);
            assertThrows(SerializationException.class, () -> MatchedDocument.serde().deserializer().deserialize("t", bad), alerts);
        }
    }
}
