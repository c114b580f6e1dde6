package io.newswatch.alerts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.matching.Highlight;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the alert wire format: a CloudEvents 1.0 structured-mode JSON event whose
 * {@code data} is the alert. The format is a published contract ({@code docs/alert.schema.json}),
 * so fields are written explicitly, in a fixed order, rather than by reflection.
 */
public final class AlertCodec {
    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "urn:newswatch";
    public static final String TYPE = "io.newswatch.alert.v1";
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertCodec() {}

    /** The event as a tree ({@link #write}'s JSON read back), for outputs that embed it in a larger document. */
    public static ObjectNode toEvent(Alert alert) {
        try {
            return (ObjectNode) JSON.readTree(encode(alert));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read back alert " + alert.id(), e);
        }
    }

    /** Highlights as every newswatch output writes them: {@code field}, {@code term}, {@code start}, {@code end}. */
    public static void writeHighlights(ArrayNode into, List<Highlight> highlights) {
        for (Highlight h : highlights) {
            ObjectNode node = into.addObject();
            node.put("field", h.field());
            node.put("term", h.term());
            node.put("start", h.start());
            node.put("end", h.end());
        }
    }

    /**
     * The event written straight to JSON: no tree is built (the pipeline encodes every alert once on its way to the
     * clustering task and once to the alert topics).
     */
    public static byte[] encode(Alert alert) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512 + 64 * alert.highlights().size());
            try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
                write(generator, alert);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write alert " + alert.id(), e);
        }
    }

    /** Writes the event, in the published field order, to {@code generator}, as one JSON object. */
    public static void write(JsonGenerator generator, Alert alert) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("specversion", SPEC_VERSION);
        generator.writeStringField("id", alert.id());
        generator.writeStringField("source", SOURCE);
        generator.writeStringField("type", TYPE);
        generator.writeStringField("subject", alert.rule().id());
        generator.writeStringField("time", alert.time().toString());
        generator.writeStringField("datacontenttype", CONTENT_TYPE);
        generator.writeObjectFieldStart("data");
        generator.writeObjectFieldStart("rule");
        generator.writeStringField("id", alert.rule().id());
        generator.writeStringField("title", alert.rule().title());
        generator.writeStringField("severity", alert.rule().severity());
        generator.writeEndObject();
        generator.writeObjectFieldStart("document");
        var d = alert.document();
        generator.writeStringField("id", d.id());
        generator.writeStringField("title", d.title());
        generator.writeStringField("url", d.url());
        generator.writeStringField("path", d.path());
        generator.writeStringField("source", d.source());
        generator.writeStringField("published", d.published() == null ? null : d.published().toString());
        if (d.duplicateOf() != null) {
            generator.writeStringField("duplicateOf", d.duplicateOf());
        }
        generator.writeEndObject();
        generator.writeNumberField("score", alert.score());
        generator.writeArrayFieldStart("highlights");
        for (Highlight h : alert.highlights()) {
            generator.writeStartObject();
            generator.writeStringField("field", h.field());
            generator.writeStringField("term", h.term());
            generator.writeNumberField("start", h.start());
            generator.writeNumberField("end", h.end());
            generator.writeEndObject();
        }
        generator.writeEndArray();
        generator.writeStringField("snippet", alert.snippet());
        if (alert.story() != null) {
            Alert.StorySummary s = alert.story();
            generator.writeObjectFieldStart("story");
            generator.writeStringField("id", s.id());
            generator.writeStringField("title", s.title());
            generator.writeNumberField("documents", s.documents());
            generator.writeNumberField("sources", s.sources());
            generator.writeStringField("firstSeen", s.firstSeen().toString());
            generator.writeStringField("lastSeen", s.lastSeen().toString());
            if (s.firstAlert() != null) {
                generator.writeStringField("firstAlert", s.firstAlert());
            }
            if (s.newSource() != null) {
                generator.writeBooleanField("newSource", s.newSource());
            }
            generator.writeEndObject();
        }
        generator.writeEndObject();
        generator.writeEndObject();
    }

    /** Reads an event written by {@link #encode}; throws {@link IllegalArgumentException} on anything else. */
    public static Alert decode(byte[] json) {
        try {
            return fromEvent(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alert event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("alert event cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the event at the parser's current token (the start of its object) without building a tree, as
     * {@link #fromEvent} reads the same event's tree: the same alert, and {@link IllegalArgumentException} where it
     * throws one. Leaves the parser on the object's end.
     */
    public static Alert read(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a newswatch alert event (specversion 1.0, type " + TYPE + ")");
        }
        Map<String, String> event = new HashMap<>();
        Map<String, String> rule = Map.of();
        Map<String, String> document = Map.of();
        Map<String, String> story = null;
        List<Highlight> highlights = new ArrayList<>();
        String score = null;
        String snippet = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("data") && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String dataField = parser.currentName();
                    JsonToken dataValue = parser.nextToken();
                    switch (dataField) {
                        case "rule" -> rule = scalars(parser);
                        case "document" -> document = scalars(parser);
                        case "story" -> story = dataValue == JsonToken.START_OBJECT ? scalars(parser) : skip(parser);
                        case "highlights" -> {
                            highlights.clear();
                            if (dataValue == JsonToken.START_ARRAY) {
                                while (parser.nextToken() != JsonToken.END_ARRAY) {
                                    Map<String, String> h = scalars(parser);
                                    highlights.add(new Highlight(h.getOrDefault("field", ""), h.getOrDefault("term", ""),
                                            asInt(h.get("start")), asInt(h.get("end"))));
                                }
                            } else {
                                parser.skipChildren();
                            }
                        }
                        case "score" -> score = scalar(parser);
                        case "snippet" -> snippet = scalar(parser);
                        default -> parser.skipChildren();
                    }
                }
            } else {
                event.put(field, scalar(parser));
            }
        }
        if (!SPEC_VERSION.equals(event.get("specversion")) || !TYPE.equals(event.get("type"))) {
            throw new IllegalArgumentException("not a newswatch alert event (specversion 1.0, type " + TYPE + ")");
        }
        return new Alert(
                event.getOrDefault("id", ""),
                Instant.parse(event.getOrDefault("time", "")),
                new Alert.RuleSummary(rule.getOrDefault("id", ""), rule.getOrDefault("title", ""), rule.getOrDefault("severity", "")),
                new Alert.DocumentSummary(document.getOrDefault("id", ""), text(document.get("title")), text(document.get("url")),
                        text(document.get("path")), text(document.get("source")),
                        text(document.get("published")) == null ? null : Instant.parse(document.get("published")),
                        text(document.get("duplicateOf"))),
                score == null ? 0.0 : asDouble(score),
                highlights,
                text(snippet),
                story == null ? null : new Alert.StorySummary(story.getOrDefault("id", ""), text(story.get("title")),
                        asInt(story.get("documents")), asInt(story.get("sources")), Instant.parse(story.getOrDefault("firstSeen", "")),
                        Instant.parse(story.getOrDefault("lastSeen", "")), text(story.get("firstAlert")),
                        bool(story.get("newSource"))));
    }

    /** What {@link #scalar} gives for JSON null: "null", as {@link JsonNode#asText()} says, but told apart by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String JSON_NULL = new String("null");

    /** What {@link #scalar} gives for JSON true and false, told apart by identity from the strings "true" and "false". */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String JSON_TRUE = new String("true");
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String JSON_FALSE = new String("false");

    /** A field's value as {@code isBoolean() ? asBoolean() : null} reads it from a tree. */
    private static Boolean bool(String scalar) {
        return scalar == JSON_TRUE ? Boolean.TRUE : scalar == JSON_FALSE ? Boolean.FALSE : null;
    }

    /** A field's value as {@code text(node, field)} reads it from a tree: null when missing or JSON null. */
    private static String text(String scalar) {
        return scalar == JSON_NULL ? null : scalar;
    }

    /** The scalar fields of the object at the parser (objects and arrays as ""); an empty map for anything else. */
    private static Map<String, String> scalars(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return skip(parser);
        }
        Map<String, String> fields = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            fields.put(field, scalar(parser));
        }
        return fields;
    }

    private static Map<String, String> skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return Map.of();
    }

    /** A value's text as {@link JsonNode#asText()} gives it ({@link #JSON_NULL} for JSON null); "" for an object or array (skipped). */
    private static String scalar(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> JSON_NULL;
            case VALUE_TRUE -> JSON_TRUE;
            case VALUE_FALSE -> JSON_FALSE;
            case START_OBJECT, START_ARRAY -> {
                parser.skipChildren();
                yield "";
            }
            default -> parser.getText();
        };
    }

    private static int asInt(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return (int) Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double asDouble(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    public static Alert fromEvent(JsonNode event) {
        if (event == null || !SPEC_VERSION.equals(event.path("specversion").asText()) || !TYPE.equals(event.path("type").asText())) {
            throw new IllegalArgumentException("not a newswatch alert event (specversion 1.0, type " + TYPE + ")");
        }
        JsonNode data = event.path("data");
        JsonNode rule = data.path("rule");
        JsonNode doc = data.path("document");
        List<Highlight> highlights = new ArrayList<>();
        for (JsonNode h : data.path("highlights")) {
            highlights.add(new Highlight(h.path("field").asText(), h.path("term").asText(), h.path("start").asInt(), h.path("end").asInt()));
        }
        return new Alert(
                event.path("id").asText(),
                Instant.parse(event.path("time").asText()),
                new Alert.RuleSummary(rule.path("id").asText(), rule.path("title").asText(), rule.path("severity").asText()),
                new Alert.DocumentSummary(doc.path("id").asText(), text(doc, "title"), text(doc, "url"), text(doc, "path"),
                        text(doc, "source"), doc.hasNonNull("published") ? Instant.parse(doc.get("published").asText()) : null,
                        text(doc, "duplicateOf")),
                data.path("score").asDouble(),
                highlights,
                text(data, "snippet"),
                story(data.path("story")));
    }

    private static Alert.StorySummary story(JsonNode story) {
        if (!story.isObject()) {
            return null;
        }
        return new Alert.StorySummary(story.path("id").asText(), text(story, "title"), story.path("documents").asInt(),
                story.path("sources").asInt(), Instant.parse(story.path("firstSeen").asText()),
                Instant.parse(story.path("lastSeen").asText()), text(story, "firstAlert"),
                story.path("newSource").isBoolean() ? story.get("newSource").asBoolean() : null);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
