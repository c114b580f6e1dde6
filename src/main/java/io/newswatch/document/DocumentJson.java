package io.newswatch.document;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The JSON form of a {@link Document} on {@code newswatch.documents}. Unknown fields are ignored
 * so a newer producer does not break an older daemon during a rolling upgrade.
 */
public final class DocumentJson {
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DocumentJson() {}

    public static byte[] write(Document document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new SerializationException("cannot write document " + document.id(), e);
        }
    }

    public static Document read(byte[] bytes) {
        try {
            Document document = JSON.readValue(bytes, Document.class);
            if (document.id() == null || document.id().isBlank()) {
                throw new SerializationException("document has no id");
            }
            return document;
        } catch (IOException e) {
            throw new SerializationException("not a newswatch document: " + e.getMessage(), e);
        }
    }

    public static Serde<Document> serde() {
        Serializer<Document> serializer = (topic, document) -> document == null ? null : write(document);
        Deserializer<Document> deserializer = (topic, bytes) -> bytes == null ? null : read(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
