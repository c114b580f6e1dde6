package io.newswatch.delivery.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.delivery.Notification;
import io.newswatch.delivery.StoryGroup;

/**
 * The JSON body of a webhook notification, in the Standard Webhooks payload shape
 * ({@code type}, {@code timestamp}, {@code data}) with every alert as its CloudEvents event:
 *
 * <pre>
 * {"type": "io.newswatch.notification.v1", "timestamp": "2024-10-08T09:00:00Z",
 *  "data": {"id": "...", "recipient": "hooks", "rule": {"id": "...", "title": "..."}, "count": 5,
 *           "alerts": [ {"specversion": "1.0", "id": "...", ...}, ... ],
 *           "stories": [ {"id": "...", "title": "...", "documents": 12, "sources": 9,
 *                         "firstSeen": "...", "lastSeen": "...", "kind": "update",
 *                         "summary": "Story \"...\" (12 documents, 9 sources): +3 sources: A, B, C",
 *                         "newSources": ["A", "B", "C"], "alerts": ["<alert id>", ...]} ]}}
 * </pre>
 *
 * {@code kind} is {@code "new"} for the story's first notification for the rule and {@code "update"} for a
 * later one; the notifier groups per story, so {@code stories} normally has one entry.
 * The body depends only on the notification (the timestamp is its newest alert's), so every retry
 * sends the same bytes under the same {@code webhook-id}.
 */
public final class WebhookPayload {
    public static final String TYPE = "io.newswatch.notification.v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {}

    public static ObjectNode toJson(Notification notification) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", TYPE);
        root.put("timestamp", notification.alerts().getLast().time().toString());
        ObjectNode data = root.putObject("data");
        data.put("id", notification.id());
        data.put("recipient", notification.recipient().name());
        ObjectNode rule = data.putObject("rule");
        rule.put("id", notification.ruleId());
        rule.put("title", notification.ruleTitle());
        data.put("count", notification.alerts().size());
        ArrayNode alerts = data.putArray("alerts");
        for (Alert alert : notification.alerts()) {
            alerts.add(AlertCodec.toEvent(alert));
        }
        ArrayNode stories = data.putArray("stories");
        for (StoryGroup group : StoryGroup.of(notification.alerts())) {
            if (group.story() == null) {
                continue;
            }
            ObjectNode story = stories.addObject();
            story.put("id", group.story().id());
            story.put("title", group.story().title());
            story.put("documents", group.story().documents());
            story.put("sources", group.story().sources());
            story.put("firstSeen", group.story().firstSeen().toString());
            story.put("lastSeen", group.story().lastSeen().toString());
            story.put("kind", group.kind());
            story.put("summary", group.headline());
            ArrayNode newSources = story.putArray("newSources");
            group.newSources().forEach(newSources::add);
            ArrayNode ids = story.putArray("alerts");
            group.alerts().forEach(a -> ids.add(a.id()));
        }
        return root;
    }

    public static byte[] render(Notification notification) {
        try {
            return JSON.writeValueAsBytes(toJson(notification));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write notification " + notification.id(), e);
        }
    }
}
