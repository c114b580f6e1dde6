package io.newswatch.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.matching.Highlight;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    public static ObjectNode toEvent(Alert alert) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", SPEC_VERSION);
        event.put("id", alert.id());
        event.put("source", SOURCE);
        event.put("type", TYPE);
        event.put("subject", alert.rule().id());
        event.put("time", alert.time().toString());
        event.put("datacontenttype", CONTENT_TYPE);
        ObjectNode data = event.putObject("data");
        ObjectNode rule = data.putObject("rule");
        rule.put("id", alert.rule().id());
        rule.put("title", alert.rule().title());
        rule.put("severity", alert.rule().severity());
        ObjectNode doc = data.putObject("document");
        var d = alert.document();
        doc.put("id", d.id());
        doc.put("title", d.title());
        doc.put("url", d.url());
        doc.put("path", d.path());
        doc.put("source", d.source());
        doc.put("published", d.published() == null ? null : d.published().toString());
        if (d.duplicateOf() != null) {
            doc.put("duplicateOf", d.duplicateOf());
        }
        data.put("score", alert.score());
        writeHighlights(data.putArray("highlights"), alert.highlights());
        data.put("snippet", alert.snippet());
        if (alert.story() != null) {
            Alert.StorySummary s = alert.story();
            ObjectNode story = data.putObject("story");
            story.put("id", s.id());
            story.put("title", s.title());
            story.put("documents", s.documents());
            story.put("sources", s.sources());
            story.put("firstSeen", s.firstSeen().toString());
            story.put("lastSeen", s.lastSeen().toString());
            if (s.firstAlert() != null) {
                story.put("firstAlert", s.firstAlert());
            }
            if (s.newSource() != null) {
                story.put("newSource", s.newSource());
            }
        }
        return event;
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

    public static byte[] encode(Alert alert) {
        try {
            return JSON.writeValueAsBytes(toEvent(alert));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write alert " + alert.id(), e);
        }
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
