package io.newswatch.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A document with the alerts its match produced, on its way from the (parallel) matching tasks to
 * the single story clustering task through the {@code stories-clustering} repartition topic.
 */
record MatchedDocument(Document document, List<RoutedAlert> alerts) {
    private static final ObjectMapper JSON = new ObjectMapper();

    MatchedDocument {
        alerts = List.copyOf(alerts);
    }

    static Serde<MatchedDocument> serde() {
        return Serdes.serdeFrom(
                (topic, matched) -> matched == null ? null : write(matched),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    private static byte[] write(MatchedDocument matched) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.set("document", JSON.readTree(DocumentJson.write(matched.document())));
            var alerts = root.putArray("alerts");
            for (RoutedAlert alert : matched.alerts()) {
                ObjectNode node = alerts.addObject();
                node.put("topic", alert.topic());
                node.set("event", AlertCodec.toEvent(alert.alert()));
            }
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new SerializationException("cannot write matched document " + matched.document().id(), e);
        }
    }

    private static MatchedDocument read(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            Document document = DocumentJson.read(JSON.writeValueAsBytes(root.path("document")));
            List<RoutedAlert> alerts = new ArrayList<>();
            for (JsonNode node : root.path("alerts")) {
                alerts.add(new RoutedAlert(node.path("topic").asText(), AlertCodec.fromEvent(node.path("event"))));
            }
            return new MatchedDocument(document, alerts);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("not a matched document: " + e.getMessage(), e);
        }
    }
}
