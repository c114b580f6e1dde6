package io.newswatch.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.rules.Rule;
import io.newswatch.rules.Severity;
import io.newswatch.document.Document;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertCodecTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2024-10-09T08:00:00Z");

    static Alert alert(String location) {
        Rule rule = new Rule("treaty", "Treaties", "", Severity.HIGH, "treaty", Rule.defaultTopic("treaty"), List.of(), List.of(), List.of(), Path.of("rules/treaty.yml"));
        Document document = new Document("d".repeat(64), "file", location, "Pact signed", "Russia and North Korea signed a treaty.",
                NOW.minusSeconds(60), "en", NOW, List.of(), List.of());
        Match match = new Match("treaty", document.id(), 1.25, List.of(new Highlight("body", "treaty", 32, 38)), "Russia and North Korea signed a treaty.");
        return Alert.of(rule, document, match, NOW);
    }

    @Test
    void idIsTheSameForTheSameRuleAndDocumentAndDiffersOtherwise() {
        assertEquals(Alert.idFor("treaty", "abc"), Alert.idFor("treaty", "abc"));
        assertNotEquals(Alert.idFor("treaty", "abc"), Alert.idFor("sanctions", "abc"));
        assertNotEquals(Alert.idFor("treaty", "abc"), Alert.idFor("treaty", "abd"));
        assertTrue(Alert.idFor("treaty", "abc").matches("[0-9a-f]{32}"));
    }

    @Test
    void decodeReadsBackWhatEncodeWrote() {
        Alert alert = alert("seeds/000.txt");
        assertEquals(alert, AlertCodec.decode(AlertCodec.encode(alert)));
        Alert feedAlert = alert("https://example.org/news/1");
        assertEquals(feedAlert, AlertCodec.decode(AlertCodec.encode(feedAlert)));
    }

    @Test
    void fileAlertsCarryAPathAndFeedAlertsAUrl() throws Exception {
        JsonNode file = JSON.readTree(AlertCodec.encode(alert("seeds/000.txt"))).get("data").get("document");
        assertEquals("seeds/000.txt", file.get("path").asText());
        assertTrue(file.get("url").isNull());
        JsonNode feed = JSON.readTree(AlertCodec.encode(alert("https://example.org/news/1"))).get("data").get("document");
        assertEquals("https://example.org/news/1", feed.get("url").asText());
        assertTrue(feed.get("path").isNull());
    }

    @Test
    void eventHasEveryFieldThePublishedSchemaRequires() throws Exception {
        JsonNode schema = JSON.readTree(Path.of("docs/alert.schema.json").toFile());
        JsonNode event = JSON.readTree(AlertCodec.encode(alert("seeds/000.txt")));
        assertConforms(schema, event, "$");
    }

    /** A structural check of the schema's `required`, `const`, `enum` and `type` keywords. */
    static void assertConforms(JsonNode schema, JsonNode value, String path) {
        if (schema.has("const")) {
            assertEquals(schema.get("const"), value, path);
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(value);
            }
            assertTrue(listed, path + " = " + value + " is not in " + schema.get("enum"));
        }
        if (schema.has("pattern") && value.isTextual()) {
            assertTrue(value.asText().matches(schema.get("pattern").asText()), path + " does not match " + schema.get("pattern"));
        }
        if (schema.has("type")) {
            List<String> types = schema.get("type").isArray()
                    ? JSON.convertValue(schema.get("type"), JSON.getTypeFactory().constructCollectionType(List.class, String.class))
                    : List.of(schema.get("type").asText());
            assertTrue(types.stream().anyMatch(t -> hasType(value, t)), path + " should be " + types + " but is " + value);
        }
        if (schema.has("required")) {
            for (JsonNode field : schema.get("required")) {
                assertTrue(value.has(field.asText()), path + " lacks required " + field.asText());
            }
        }
        if (schema.has("properties") && value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = schema.get("properties").fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (value.has(field.getKey())) {
                    assertConforms(field.getValue(), value.get(field.getKey()), path + "." + field.getKey());
                }
            }
        }
        if (schema.has("items") && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                assertConforms(schema.get("items"), value.get(i), path + "[" + i + "]");
            }
        }
    }

    static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "null" -> value.isNull();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    @Test
    void rejectsEventsThatAreNotNewswatchAlerts() {
        var notJson = assertThrows(IllegalArgumentException.class, () -> AlertCodec.decode("{oops".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notJson.getMessage().contains("not valid JSON"));
        var other = assertThrows(IllegalArgumentException.class,
                () -> AlertCodec.decode("{\"specversion\":\"1.0\",\"type\":\"com.example.other\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(other.getMessage().contains("not a newswatch alert"));
    }
}
