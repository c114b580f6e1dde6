package io.newswatch.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    private static final byte[] DOCUMENT_FIELD = "{\"document\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ALERTS_FIELD = ",\"alerts\":".getBytes(StandardCharsets.UTF_8);

    MatchedDocument {
        alerts = List.copyOf(alerts);
    }

    static Serde<MatchedDocument> serde() {
        return Serdes.serdeFrom(
                (topic, matched) -> matched == null ? null : write(matched),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    /**
     * {@code {"document": <the document as on newswatch.documents>, "alerts": [{"topic", "event"}]}}.
     * The document's JSON is spliced in as {@link DocumentJson} writes it and cut out again as bytes
     * on reading, so it is neither re-parsed into a tree nor written twice.
     */
    private static byte[] write(MatchedDocument matched) {
        try {
            ArrayNode alerts = JSON.createArrayNode();
            for (RoutedAlert alert : matched.alerts()) {
                ObjectNode node = alerts.addObject();
                node.put("topic", alert.topic());
                node.set("event", AlertCodec.toEvent(alert.alert()));
            }
            byte[] document = DocumentJson.write(matched.document());
            byte[] alertBytes = JSON.writeValueAsBytes(alerts);
            ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + alertBytes.length + 32);
            out.write(DOCUMENT_FIELD);
            out.write(document);
            out.write(ALERTS_FIELD);
            out.write(alertBytes);
            out.write('}');
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write matched document " + matched.document().id(), e);
        }
    }

    private static MatchedDocument read(byte[] bytes) {
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new SerializationException("not a matched document: not a JSON object");
            }
            Document document = null;
            List<RoutedAlert> alerts = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("document") && value == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    document = DocumentJson.read(Arrays.copyOfRange(bytes, start, end));
                } else if (field.equals("alerts")) {
                    for (JsonNode node : (JsonNode) JSON.readTree(parser)) {
                        alerts.add(new RoutedAlert(node.path("topic").asText(), AlertCodec.fromEvent(node.path("event"))));
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (document == null) {
                throw new SerializationException("not a matched document: no document");
            }
            return new MatchedDocument(document, alerts);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("not a matched document: " + e.getMessage(), e);
        }
    }
}
