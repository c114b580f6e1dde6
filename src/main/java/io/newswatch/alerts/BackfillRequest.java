package io.newswatch.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A request on {@code newswatch.backfill} (keyed by document id): "run rule {@code rule} over this
 * archived document and alert if it matches". Written by the archive when a rule with a
 * {@code backfill:} window is added or changed; the stream decides, against the rule in force and
 * the alerts it already sent, whether an alert goes out (docs/search.md, "Backfill").
 *
 * @param story the id of the story the archive has the document in, null when it knows none; the
 *              stream places the alert in that story as it stands then
 */
public record BackfillRequest(String rule, Document document, String story) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request for a document whose story is not known. */
    public BackfillRequest(String rule, Document document) {
        this(rule, document, null);
    }

    public static byte[] encode(BackfillRequest request) {
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("rule", request.rule());
            if (request.story() != null) {
                root.put("story", request.story());
            }
            root.set("document", JSON.readTree(DocumentJson.write(request.document())));
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new SerializationException("cannot write the backfill request for " + request.document().id(), e);
        }
    }

    public static BackfillRequest decode(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            String rule = root.path("rule").asText("");
            if (rule.isBlank()) {
                throw new SerializationException("backfill request has no rule");
            }
            String story = root.path("story").isTextual() && !root.path("story").asText().isBlank() ? root.path("story").asText() : null;
            return new BackfillRequest(rule, DocumentJson.read(JSON.writeValueAsBytes(root.path("document"))), story);
        } catch (IOException e) {
            throw new SerializationException("not a backfill request: " + e.getMessage(), e);
        }
    }

    public static Serde<BackfillRequest> serde() {
        return Serdes.serdeFrom((topic, r) -> r == null ? null : encode(r), (topic, b) -> b == null ? null : decode(b));
    }
}
