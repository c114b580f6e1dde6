package io.newswatch.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswatch.alerts.Alert;
import io.newswatch.delivery.webhook.WebhookReceiver;
import io.newswatch.delivery.webhook.WebhookReceiver.Reply;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Notifications per story, against a real broker, GreenMail and an HTTP receiver on 127.0.0.1: one
 * notification when a story first matches a rule, then updates listing the new sources, each under a
 * stable id.
 */
class StoryNotificationTest extends NotifierFixture {
    static final Instant T = Instant.parse("2024-10-08T09:05:00Z");

    static Alert a(String story, int n, String source, int documents, int sources) {
        return TestAlerts.inStory(TestAlerts.TROOPS, story, n, source, documents, sources, T.plusSeconds(n));
    }

    @Test
    void aStoryGivesOneNotificationWhenItFirstMatchesThenOneUpdateListingTheNewSources() throws Exception {
        start(ops(), hooks());
        List<Alert> openingA = List.of(a("story-a", 0, "Reuters", 1, 1), a("story-a", 1, "BBC", 2, 2));
        Alert openingB = a("story-b", 0, "AP", 1, 1);
        publish(List.of(openingA.get(0), openingB, openingA.get(1)));
        await().atMost(Duration.ofSeconds(15)).until(() -> greenMail.getReceivedMessages().length >= 2 && receiver.requests().size() >= 2);
        quietly();
        assertEquals(2, greenMail.getReceivedMessages().length, "one email per story, not one per article");
        assertEquals(2, receiver.requests().size());
        assertEquals(Set.of("[newswatch] Troop deployment: new story, 2 sources", "[newswatch] Troop deployment: new story, 1 source"),
                subjects(greenMail.getReceivedMessages()));
        JsonNode hookA = receiver.requests().stream().map(r -> json(r.body())).filter(b -> b.at("/data/stories/0/id").asText().equals("story-a"))
                .findFirst().orElseThrow();
        assertEquals("new", hookA.at("/data/stories/0/kind").asText());
        assertEquals(2, hookA.at("/data/count").asInt());

        List<Alert> more = List.of(a("story-a", 2, "CNN", 3, 3), a("story-a", 3, "DW", 4, 4), a("story-a", 4, "Al Jazeera", 5, 5));
        publish(more);
        await().atMost(Duration.ofSeconds(15)).until(() -> greenMail.getReceivedMessages().length >= 3 && receiver.requests().size() >= 3);
        quietly();
        MimeMessage[] mails = greenMail.getReceivedMessages();
        assertEquals(3, mails.length, "the three new articles come as one update");
        MimeMessage update = mails[2];
        assertEquals("[newswatch] Troop deployment: story update, +3 sources", update.getSubject());
        String text = body(update, "text/plain");
        assertTrue(text.contains("Story \"Troops cross the border\" (5 documents, 5 sources): +3 sources: CNN, DW, Al Jazeera"), text);
        assertEquals("<" + Notification.idFor("ops", "troop-deployment", more.stream().map(Alert::id).toList()) + "@newswatch>",
                update.getMessageID());

        assertEquals(3, receiver.requests().size());
        WebhookReceiver.Request hookUpdate = receiver.requests().get(2);
        assertEquals(Notification.idFor("hooks", "troop-deployment", more.stream().map(Alert::id).toList()), hookUpdate.id());
        JsonNode story = json(hookUpdate.body()).at("/data/stories/0");
        assertEquals("update", story.path("kind").asText());
        assertEquals(List.of("CNN", "DW", "Al Jazeera"), StoryGroupTest.JSON_LIST.apply(story.path("newSources")));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 6);
    }

    @Test
    void aStoryNotificationSentAgainAfterARestartKeepsItsIdAndItsBody() throws Exception {
        for (int i = 0; i < 6; i++) {
            receiver.answer(Reply.status(503));
        }
        Notifier first = start(hooks());
        List<Alert> opening = List.of(a("story-a", 0, "Reuters", 1, 1), a("story-a", 1, "BBC", 2, 2), a("story-a", 2, "CNN", 3, 3));
        publish(opening);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 2);
        first.close();
        assertTrue(receiver.accepted().isEmpty());

        start(hooks());
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 1);
        quietly();
        assertEquals(1, receiver.accepted().size());
        assertEquals(Set.of(Notification.idFor("hooks", "troop-deployment", opening.stream().map(Alert::id).toList())),
                receiver.requests().stream().map(WebhookReceiver.Request::id).collect(Collectors.toSet()),
                "every attempt, before and after the restart, under the one id");
        assertEquals(1, receiver.requests().stream().map(r -> Arrays.hashCode(r.body())).distinct().count(),
                "every attempt carries the same body, still the story's first notification");
        assertEquals("new", json(receiver.accepted().getFirst().body()).at("/data/stories/0/kind").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 3);
    }

    static Set<String> subjects(MimeMessage[] mails) throws Exception {
        Set<String> subjects = new java.util.HashSet<>();
        for (MimeMessage mail : mails) {
            subjects.add(mail.getSubject());
        }
        return subjects;
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
