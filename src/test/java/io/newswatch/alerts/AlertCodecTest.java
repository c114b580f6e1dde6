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

    /** Alerts with every optional part set and unset: placed in a story or not, a near-duplicate, no highlights, nulls, escapes. */
    static List<Alert> variants() {
        Alert file = alert("seeds/000.txt");
        Alert feed = alert("https://example.org/news/1");
        Alert.StorySummary story = new Alert.StorySummary("s-1", "Pact \"signed\" €", 3, 2, NOW.minusSeconds(600), NOW, "first-alert", Boolean.TRUE);
        Alert bare = new Alert("x", NOW, new Alert.RuleSummary("r", "R", "low"),
                new Alert.DocumentSummary("d", null, null, "p", null, null), -0.0, List.of(), null);
        return List.of(file, feed, file.inStory(story, null), feed.inStory(story, "d-0"),
                feed.inStory(new Alert.StorySummary("s-2", null, 1, 1, NOW, NOW), null),
                file.inStory(new Alert.StorySummary("s-3", "t", 2, 2, NOW, NOW, "a-1", Boolean.FALSE), null), bare,
                new Alert("y", NOW, new Alert.RuleSummary("r", "R\n\u0001", "high"),
                        new Alert.DocumentSummary("d", "T", "u", null, "s", NOW), 1e-9,
                        List.of(new Highlight("title", "ünï", 0, 3), new Highlight("body", "b", 10, 11)), "snip\t\"q\""));
    }

    @Test
    void encodeWritesTheSameBytesAsTheEventTree() throws Exception {
        for (Alert alert : variants()) {
            assertEquals(new String(EventTreeReference.bytes(alert), StandardCharsets.UTF_8),
                    new String(AlertCodec.encode(alert), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readingByStreamingGivesWhatReadingTheTreeGives() throws Exception {
        List<String> events = new java.util.ArrayList<>();
        variants().forEach(a -> events.add(new String(AlertCodec.encode(a), StandardCharsets.UTF_8)));
        // fields in another order, unknown fields, nulls and numbers as text, as a tree reader takes them
        events.add("{\"data\":{\"snippet\":null,\"extra\":[1,{\"a\":2}],\"score\":\"2.5\",\"highlights\":[{\"end\":4,\"start\":\"1\","
                + "\"term\":\"t\"}],\"document\":{\"title\":null,\"id\":\"d\"},\"rule\":{\"id\":\"r\",\"severity\":null}},"
                + "\"time\":\"2024-10-09T08:00:00Z\",\"type\":\"io.newswatch.alert.v1\",\"specversion\":\"1.0\",\"future\":{\"x\":[]}}");
        for (String event : events) {
            try (var parser = JSON.getFactory().createParser(event)) {
                parser.nextToken();
                assertEquals(AlertCodec.fromEvent(JSON.readTree(event)), AlertCodec.read(parser), event);
            }
        }
        for (String bad : List.of("[]", "{\"specversion\":\"1.0\",\"type\":\"com.example.other\"}", "{\"type\":\"io.newswatch.alert.v1\"}")) {
            try (var parser = JSON.getFactory().createParser(bad)) {
                parser.nextToken();
                assertThrows(IllegalArgumentException.class, () -> AlertCodec.read(parser), bad);
            }
        }
    }
}
