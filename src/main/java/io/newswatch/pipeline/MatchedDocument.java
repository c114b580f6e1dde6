package io.newswatch.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A document with the alerts its match produced and its headline vector, on its way from the
 * (parallel) matching tasks to the single story clustering task through the
 * {@code stories-clustering} repartition topic.
 *
 * @param meaning the headline vector ({@link io.newswatch.stories.HeadlineEncoder}) computed on the
 *                matching task, exactly as the clusterer would compute it; null on words-only
 *                clustering, for backfill, and in records written before vectors were carried (the
 *                clustering task then encodes the headline itself)
 * @param story   from a backfill, on its way through the {@code backfill-alerting} repartition topic: the
 *                id of the story the archive has the document in (null otherwise, and when unknown)
 */
record MatchedDocument(Document document, List<RoutedAlert> alerts, float[] meaning, String story) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DOCUMENT_FIELD = "{\"document\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ALERTS_FIELD = ",\"alerts\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MEANING_FIELD = ",\"meaning\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STORY_FIELD = ",\"story\":".getBytes(StandardCharsets.UTF_8);

    MatchedDocument {
        alerts = List.copyOf(alerts);
    }

    /** A document matched live, without its headline vector. */
    MatchedDocument(Document document, List<RoutedAlert> alerts) {
        this(document, alerts, null, null);
    }

    /** A document matched live, with its headline vector (or null). */
    MatchedDocument(Document document, List<RoutedAlert> alerts, float[] meaning) {
        this(document, alerts, meaning, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MatchedDocument that && document.equals(that.document) && alerts.equals(that.alerts)
                && Arrays.equals(meaning, that.meaning) && Objects.equals(story, that.story);
    }

    @Override
    public int hashCode() {
        return ((document.hashCode() * 31 + alerts.hashCode()) * 31 + Arrays.hashCode(meaning)) * 31 + Objects.hashCode(story);
    }

    @Override
    public String toString() {
        return "MatchedDocument[document=" + document.id() + ", alerts=" + alerts.size()
                + (meaning == null ? "" : ", meaning=" + meaning.length + " floats") + (story == null ? "" : ", story=" + story) + "]";
    }

    static Serde<MatchedDocument> serde() {
        return Serdes.serdeFrom(
                (topic, matched) -> matched == null ? null : write(matched),
                (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    /**
     * {@code {"document": <the document as on newswatch.documents>, "alerts": [{"topic", "event"}], "meaning": "<base64>"}}.
     * The document's JSON is spliced in as {@link DocumentJson} writes it and cut out again as bytes
     * on reading, so it is neither re-parsed into a tree nor written twice. {@code meaning} (absent
     * when null) is the headline vector as big-endian IEEE 754 floats in base64 (384 floats: 2,048
     * characters): the exact bits, so the clustering task decides as if it had encoded the headline.
     */
    private static byte[] write(MatchedDocument matched) {
        try {
            byte[] document = DocumentJson.write(matched.document());
            ByteArrayOutputStream out = new ByteArrayOutputStream(document.length + 1024 * matched.alerts().size() + 2_200);
            out.write(DOCUMENT_FIELD);
            out.write(document);
            out.write(ALERTS_FIELD);
            // Streamed, not built as a tree first: with many rules a document carries tens of alerts.
            try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
                generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                generator.writeStartArray();
                for (RoutedAlert alert : matched.alerts()) {
                    generator.writeStartObject();
                    generator.writeStringField("topic", alert.topic());
                    generator.writeFieldName("event");
                    AlertCodec.write(generator, alert.alert());
                    generator.writeEndObject();
                }
                generator.writeEndArray();
            }
            if (matched.meaning() != null) {
                out.write(MEANING_FIELD);
                out.write(encodeMeaning(matched.meaning()));
                out.write('"');
            }
            if (matched.story() != null) {
                out.write(STORY_FIELD);
                out.write(JSON.writeValueAsBytes(matched.story()));
            }
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
            float[] meaning = null;
            String story = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("document") && value == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    document = DocumentJson.read(Arrays.copyOfRange(bytes, start, end));
                } else if (field.equals("alerts") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        alerts.add(readAlert(parser));
                    }
                    if (parser.currentToken() != JsonToken.END_ARRAY) {
                        throw new SerializationException("not a matched document: an alert is not a JSON object");
                    }
                } else if (field.equals("meaning") && value == JsonToken.VALUE_STRING) {
                    meaning = decodeMeaning(parser.getText());
                } else if (field.equals("story") && value == JsonToken.VALUE_STRING) {
                    story = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (document == null) {
                throw new SerializationException("not a matched document: no document");
            }
            return new MatchedDocument(document, alerts, meaning, story);
        } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new SerializationException("not a matched document: " + e.getMessage(), e);
        }
    }

    /** One {@code {"topic": ..., "event": <alert event>}} read by streaming ({@link AlertCodec#read}), no tree. */
    private static RoutedAlert readAlert(JsonParser parser) throws IOException {
        String topic = "";
        io.newswatch.alerts.Alert alert = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("topic") && value.isScalarValue()) {
                topic = value == JsonToken.VALUE_NULL ? "null" : parser.getText();
            } else if (field.equals("event")) {
                alert = AlertCodec.read(parser);
            } else {
                parser.skipChildren();
            }
        }
        if (alert == null) {
            throw new SerializationException("not a matched document: an alert without its event");
        }
        return new RoutedAlert(topic, alert);
    }

    static byte[] encodeMeaning(float[] meaning) {
        ByteBuffer bits = ByteBuffer.allocate(meaning.length * Float.BYTES);
        bits.asFloatBuffer().put(meaning);
        return Base64.getEncoder().encode(bits.array());
    }

    static float[] decodeMeaning(String base64) {
        byte[] bits = Base64.getDecoder().decode(base64);
        if (bits.length == 0 || bits.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a headline vector of " + bits.length + " bytes, not a whole number of floats");
        }
        float[] meaning = new float[bits.length / Float.BYTES];
        ByteBuffer.wrap(bits).asFloatBuffer().get(meaning);
        return meaning;
    }
}
