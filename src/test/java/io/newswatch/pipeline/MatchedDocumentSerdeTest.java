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
    void somethingElseOnTheTopicIsASerializationError() {
        Serde<MatchedDocument> serde = MatchedDocument.serde();
        for (String bad : List.of("[]", "{\"alerts\": []}", "{\"document\": {\"id\": \"x\"", "not json")) {
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
}
