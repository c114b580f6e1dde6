package io.newswatch.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The alert event as newswatch built it up to round six, node by node as a Jackson tree: the reference the streamed
 * {@link AlertCodec#write} is held to (same bytes), and the "before" of {@code AlertEncodingBenchmark}.
 */
public final class EventTreeReference {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventTreeReference() {}

    public static ObjectNode event(Alert alert) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", AlertCodec.SPEC_VERSION);
        event.put("id", alert.id());
        event.put("source", AlertCodec.SOURCE);
        event.put("type", AlertCodec.TYPE);
        event.put("subject", alert.rule().id());
        event.put("time", alert.time().toString());
        event.put("datacontenttype", AlertCodec.CONTENT_TYPE);
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
        AlertCodec.writeHighlights(data.putArray("highlights"), alert.highlights());
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

    /** The reference event's bytes. */
    public static byte[] bytes(Alert alert) {
        try {
            return JSON.writeValueAsBytes(event(alert));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
