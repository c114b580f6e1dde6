package io.newswatch.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.Alert;
import io.newswatch.broker.TestBroker;
import io.newswatch.delivery.webhook.WebhookReceiver;
import io.newswatch.delivery.webhook.WebhookReceiver.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

/**
 * Notifications keep their exact alerts and id across restarts (pending store), are split by the
 * per-notification cap and by "too large" replies, and a restarted static member resumes at once.
 */
class NotifierHandoverTest extends NotifierFixture {

    static List<String> alertIds(WebhookReceiver.Request request) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(request.body()).at("/data/alerts").forEach(event -> ids.add(event.get("id").asText()));
        return ids;
    }

    /** Every alert id accepted, with the webhook-ids that carried it (a receiver deduplicating on webhook-id keeps one). */
    Map<String, List<String>> acceptedAlerts() throws Exception {
        Map<String, List<String>> byAlert = new HashMap<>();
        for (WebhookReceiver.Request request : receiver.accepted()) {
            for (String alert : alertIds(request)) {
                byAlert.computeIfAbsent(alert, a -> new ArrayList<>()).add(request.id());
            }
        }
        return byAlert;
    }

    @Test
    void aNotificationAttemptedBeforeARestartIsResentUnchangedNotRegroupedWithNewerAlerts() throws Exception {
        for (int i = 0; i < 50; i++) {
            receiver.answer(Reply.status(503));
        }
        Notifier first = start(hooks());
        publish(seeds);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 2);
        String attempted = receiver.requests().getFirst().id();
        first.close();

        Instant later = Instant.now();
        List<Alert> newer = List.of(TestAlerts.simple(TestAlerts.TROOPS, "late-1", later), TestAlerts.simple(TestAlerts.TROOPS, "late-2", later));
        publish(newer);
        int before = receiver.requests().size();
        receiver.acceptEverything();
        start(hooks());
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 2);
        quietly();
        assertEquals(before, receiver.requests().stream().filter(r -> r.answered() != 200).count(), "no failure after the restart");

        List<WebhookReceiver.Request> accepted = receiver.accepted();
        assertEquals(attempted, accepted.getFirst().id(), "the notification attempted before the restart keeps its webhook-id");
        assertEquals(seeds.stream().map(Alert::id).sorted().toList(), alertIds(accepted.getFirst()).stream().sorted().toList(),
                "and exactly its alerts");
        assertEquals(newer.stream().map(Alert::id).sorted().toList(), alertIds(accepted.get(1)).stream().sorted().toList());
        assertNotEquals(attempted, accepted.get(1).id());
        assertTrue(before >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 7);
    }

    @Test
    void aGroupLargerThanTheCapIsSentAsSeveralNotificationsEachAlertOnce() throws Exception {
        maxAlerts = 2;
        start(hooks());
        publish(seeds);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 3);
        quietly();
        assertEquals(List.of(2, 2, 1), receiver.accepted().stream().map(r -> {
            try {
                return alertIds(r).size();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList());
        Map<String, List<String>> byAlert = acceptedAlerts();
        assertEquals(5, byAlert.size());
        byAlert.values().forEach(ids -> assertEquals(1, ids.size()));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
    }

    @Test
    void aWebhookAnswering413GetsTheNotificationInHalvesAndNothingIsDeadLettered() throws Exception {
        receiver.answer(Reply.status(413), Reply.status(413));
        start(hooks());
        publish(seeds);
        await().atMost(Duration.ofSeconds(10)).until(() -> acceptedAlerts().size() == 5);
        quietly();
        List<WebhookReceiver.Request> requests = receiver.requests();
        assertEquals(List.of(413, 413), requests.subList(0, 2).stream().map(WebhookReceiver.Request::answered).toList());
        assertEquals(5, alertIds(requests.get(0)).size(), "the whole group first");
        assertEquals(2, alertIds(requests.get(1)).size(), "then its first half, refused again and halved again");
        acceptedAlerts().values().forEach(ids -> assertEquals(1, ids.size()));
        assertEquals(3, receiver.accepted().size(), "1 + 1 + 3 alerts");
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
    }

    @Test
    void aRestartedStaticMemberTakesItsPartitionsBackAtOnceInsteadOfWaitingOutItsSession() throws Exception {
        instanceId = Optional.of("notifier-a");
        sessionTimeout = Duration.ofSeconds(45);
        Notifier first = start(hooks());
        publish(seeds.subList(0, 1));
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 1);
        first.close();
        try (Admin admin = TestBroker.admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(this.group)).all().get().get(this.group);
            assertEquals(1, group.members().size(), "a static member that stops without leaving looks like a crashed one");
            assertEquals(Optional.of("notifier-a"), group.members().iterator().next().groupInstanceId());
        }

        publish(seeds.subList(1, 2));
        long restart = System.nanoTime();
        start(hooks());
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 2);
        Duration took = Duration.ofNanos(System.nanoTime() - restart);
        System.out.println("restarted static member delivered " + took.toMillis() + " ms after its start (session timeout 45 s)");
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "resumed within " + took + ", not after the 45 s session");
    }
}
