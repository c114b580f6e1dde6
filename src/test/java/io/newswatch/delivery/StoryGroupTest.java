package io.newswatch.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.delivery.email.EmailRenderer;
import io.newswatch.delivery.webhook.WebhookPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoryGroupTest {
    static final Instant T = Instant.parse("2024-10-08T09:00:00Z");

    /** The seed alerts, the first four in one story and the last outside any story. */
    static List<Alert> alertsInStories() {
        List<Alert> seeds = TestAlerts.seeds(TestAlerts.TROOPS);
        List<Alert> placed = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            Alert alert = seeds.get(i);
            Alert withSource = new Alert(alert.id(), alert.time(), alert.rule(),
                    new Alert.DocumentSummary(alert.document().id(), alert.document().title(), alert.document().url(),
                            alert.document().path(), "outlet" + (i % 3), alert.document().published()),
                    alert.score(), alert.highlights(), alert.snippet());
            placed.add(i < 4
                    ? withSource.inStory(new Alert.StorySummary("s1", "North Korea troops to Ukraine", 10 + i, 6 + i, T, T.plusSeconds(60L * i)), null)
                    : withSource);
        }
        return placed;
    }

    @Test
    void alertsOfOneStoryFormOneGroupNamingItsNewSources() {
        List<StoryGroup> groups = StoryGroup.of(alertsInStories());
        assertEquals(2, groups.size());
        StoryGroup story = groups.get(0);
        assertEquals(4, story.alerts().size());
        assertEquals(13, story.story().documents(), "the story as of its newest alert");
        assertEquals(List.of("outlet0", "outlet1", "outlet2"), story.newSources());
        assertEquals("Story \"North Korea troops to Ukraine\" (13 documents, 9 sources): +3 sources: outlet0, outlet1, outlet2",
                story.headline());
        assertNull(groups.get(1).story());
        assertNull(groups.get(1).headline());
    }

    @Test
    void documentsWithoutASourceAreListedOnceAsUnknownSource() {
        List<Alert> placed = new ArrayList<>();
        String[] sources = {null, "  ", "Wire\nService", null};
        for (int i = 0; i < sources.length; i++) {
            Alert alert = TestAlerts.seeds(TestAlerts.TROOPS).get(i);
            placed.add(new Alert(alert.id(), alert.time(), alert.rule(),
                    new Alert.DocumentSummary(alert.document().id(), alert.document().title(), alert.document().url(),
                            alert.document().path(), sources[i], alert.document().published()),
                    alert.score(), alert.highlights(), alert.snippet())
                    .inStory(new Alert.StorySummary("s1", "North Korea troops to Ukraine", 4, 2, T, T), null));
        }
        assertEquals(List.of("unknown source", "Wire Service"), StoryGroup.of(placed).get(0).newSources(),
                "a missing or blank source is one \"unknown source\", and a source is one line, as the pipeline's marks keep them");
    }

    @Test
    void emailAndWebhookBodiesShowTheStory() {
        Notification notification = Notification.of(new Recipient.Email("ops", "ops@example.org", true), alertsInStories());
        var email = new EmailRenderer().render(notification);
        assertTrue(email.text().contains("Story \"North Korea troops to Ukraine\" (13 documents, 9 sources): +3 sources"), email.text());
        assertTrue(email.html().contains("<h3>Story &quot;North Korea troops to Ukraine&quot;"), email.html());
        assertTrue(email.text().contains("\n5. "), "numbering runs on across groups");
        JsonNode story = WebhookPayload.toJson(notification).path("data").path("stories").get(0);
        assertEquals("s1", story.path("id").asText());
        assertEquals(4, story.path("alerts").size());
        assertEquals(3, story.path("newSources").size());
    }

    @Test
    void theNotificationListingTheRulesFirstAlertOnAStoryIsNewAndALaterOneIsAnUpdate() {
        Alert a0 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 0, "Reuters", 1, 1, T);
        Alert a1 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 1, "BBC", 2, 2, T);
        Alert a2 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 2, "CNN", 4, 3, T);
        Alert a3 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 3, "CNN", 5, 3, T);
        Recipient ops = new Recipient.Email("ops", "ops@example.org", true);

        StoryGroup opening = StoryGroup.of(List.of(a0, a1)).getFirst();
        assertTrue(opening.first());
        assertEquals("new", opening.kind());
        assertEquals("New story \"Troops cross the border\" (2 documents, 2 sources): Reuters, BBC", opening.headline());
        var openingMail = new EmailRenderer().render(Notification.of(ops, List.of(a0, a1)));
        assertEquals("[newswatch] Troop deployment: new story, 2 sources", openingMail.subject());
        assertTrue(openingMail.text().startsWith("new story, 2 sources (2 new matches) for the rule"), openingMail.text());

        StoryGroup update = StoryGroup.of(List.of(a2, a3)).getFirst();
        assertFalse(update.first());
        assertEquals("update", update.kind());
        assertEquals("Story \"Troops cross the border\" (5 documents, 3 sources): +1 source: CNN", update.headline());
        Notification updateNotification = Notification.of(ops, List.of(a2, a3));
        assertEquals("[newswatch] Troop deployment: story update, +1 source", new EmailRenderer().render(updateNotification).subject());
        JsonNode story = WebhookPayload.toJson(updateNotification).path("data").path("stories").get(0);
        assertEquals("update", story.path("kind").asText());
        assertEquals("story-a", story.path("id").asText());
        assertEquals(5, story.path("documents").asInt());
        assertEquals(T.toString(), story.path("lastSeen").asText());
        assertEquals(List.of("CNN"), JSON_LIST.apply(story.path("newSources")));
        assertEquals(new String(WebhookPayload.render(updateNotification)),
                new String(WebhookPayload.render(Notification.of(ops, List.of(a3, a2)))), "the same alerts give the same bytes");
    }

    @Test
    void anUpdateListsOnlySourcesTheRuleHadNotAlertedFromOnTheStory() {
        Alert a2 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 2, "Reuters", 4, 3, T);
        Alert a3 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 3, "CNN", 5, 4, T);
        Alert repeated = a2.inStory(a2.story().withNewSource(false), null); // Reuters was in an earlier notification
        Alert fresh = a3.inStory(a3.story().withNewSource(true), null);
        Recipient ops = new Recipient.Email("ops", "ops@example.org", true);

        StoryGroup mixed = StoryGroup.of(List.of(repeated, fresh)).getFirst();
        assertEquals(List.of("CNN"), mixed.newSources());
        assertEquals("Story \"Troops cross the border\" (5 documents, 4 sources): +1 source: CNN", mixed.headline());
        assertEquals(List.of("CNN"), JSON_LIST.apply(WebhookPayload.toJson(Notification.of(ops, List.of(repeated, fresh)))
                .path("data").path("stories").get(0).path("newSources")));

        StoryGroup known = StoryGroup.of(List.of(repeated)).getFirst();
        assertEquals(List.of(), known.newSources());
        assertEquals("Story \"Troops cross the border\" (4 documents, 3 sources): 1 more article from sources already notified",
                known.headline());
        assertEquals("[newswatch] Troop deployment: story update, no new source",
                new EmailRenderer().render(Notification.of(ops, List.of(repeated))).subject());
        assertEquals(a2, AlertCodec.decode(AlertCodec.encode(a2)), "without the field the alert reads back as it was");
        assertEquals(Boolean.FALSE, AlertCodec.decode(AlertCodec.encode(repeated)).story().newSource(), "the field survives the codec");
    }

    @Test
    void alertsWrittenBeforeFirstAlertExistedReadAsAnUpdateNeverAsNew() {
        Alert old = alertsInStories().getFirst();
        assertFalse(StoryGroup.of(List.of(old)).getFirst().first());
    }

    static final java.util.function.Function<JsonNode, List<String>> JSON_LIST = node -> {
        List<String> values = new ArrayList<>();
        node.forEach(n -> values.add(n.asText()));
        return values;
    };
}
