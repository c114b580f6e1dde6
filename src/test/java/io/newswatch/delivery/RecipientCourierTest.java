package io.newswatch.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Retry decisions of one recipient's courier, with a channel scripted in memory (no network involved here). */
class RecipientCourierTest {
    static final Recipient OPS = new Recipient.Email("ops", "ops@example.org", true);
    static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));

    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger attempts = new AtomicInteger();

    final RecipientCourier.Listener listener = new RecipientCourier.Listener() {
        @Override
        public void delivered(Outgoing outgoing, int attemptCount) {
            events.add("delivered after " + attemptCount);
        }

        @Override
        public void deadLettered(Outgoing outgoing, String kind, String reason, int attemptCount) {
            events.add("dead-lettered after " + attemptCount + ": " + reason);
        }

        @Override
        public void tooLarge(Outgoing outgoing, String reason) {
            events.add("too large with " + outgoing.notification().alerts().size() + ": " + reason);
        }
    };

    NotificationChannel scripted(DeliveryOutcome... outcomes) {
        Deque<DeliveryOutcome> script = new ArrayDeque<>(List.of(outcomes));
        return new NotificationChannel() {
            @Override
            public DeliveryOutcome attempt(Notification notification) {
                attempts.incrementAndGet();
                return script.isEmpty() ? DeliveryOutcome.delivered() : script.poll();
            }

            @Override
            public String kind() {
                return "test";
            }
        };
    }

    RecipientCourier courier(NotificationChannel channel, Backoff backoff) {
        return new RecipientCourier(OPS, channel, backoff, Clock.systemUTC(), listener, new Random(1)).start();
    }

    static final TopicPartition P0 = new TopicPartition("alerts", 0);
    static final TopicPartition P1 = new TopicPartition("alerts", 1);

    static Outgoing notification(String n) {
        return on(P0, n);
    }

    static Outgoing on(TopicPartition partition, String... ids) {
        List<io.newswatch.alerts.Alert> alerts = java.util.Arrays.stream(ids)
                .map(id -> TestAlerts.simple(TestAlerts.TROOPS, id, Instant.parse("2024-10-08T09:00:00Z"))).toList();
        Map<String, TopicPartition> partitions = new HashMap<>();
        alerts.forEach(a -> partitions.put(a.id(), partition));
        return new Outgoing(Notification.of(OPS, alerts), partitions, List.of());
    }

    @Test
    void retriesTransientFailuresUntilDelivered() throws Exception {
        var courier = courier(scripted(new DeliveryOutcome.Transient("HTTP 500"), new DeliveryOutcome.Transient("HTTP 502")), FAST);
        courier.submit(notification("1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertEquals(List.of("delivered after 3"), events);
        courier.stop(Instant.now().plusSeconds(1));
    }

    @Test
    void deadLettersPermanentFailuresAtOnce() throws Exception {
        var courier = courier(scripted(new DeliveryOutcome.Permanent("HTTP 400")), FAST);
        courier.submit(notification("1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertEquals(List.of("dead-lettered after 1: HTTP 400"), events);
        assertEquals(1, attempts.get());
        courier.stop(Instant.now().plusSeconds(1));
    }

    @Test
    void givesUpAfterTheTotalRetryTime() throws Exception {
        var outcomes = new DeliveryOutcome[1000];
        java.util.Arrays.fill(outcomes, new DeliveryOutcome.Transient("HTTP 503"));
        var courier = courier(scripted(outcomes), new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(200)));
        courier.submit(notification("1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertTrue(events.getFirst().matches("dead-lettered after \\d+: gave up after \\d+ attempts over \\d+ ms; last error: HTTP 503"),
                events.getFirst());
        courier.stop(Instant.now().plusSeconds(1));
    }

    @Test
    void keepsOrderAndSendsTheNextOnlyAfterThePrevious() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        NotificationChannel channel = new NotificationChannel() {
            int calls;

            @Override
            public DeliveryOutcome attempt(Notification notification) {
                order.add(notification.alerts().getFirst().document().title());
                return calls++ == 0 ? new DeliveryOutcome.Transient("timeout") : DeliveryOutcome.delivered();
            }

            @Override
            public String kind() {
                return "test";
            }
        };
        var courier = courier(channel, FAST);
        courier.submit(notification("1"));
        courier.submit(notification("2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertEquals(List.of("Article 1", "Article 1", "Article 2"), order);
        courier.stop(Instant.now().plusSeconds(1));
    }

    @Test
    void stoppingAbandonsAWaitingRetryWithoutReportingIt() throws Exception {
        var slow = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(1));
        var courier = courier(scripted(new DeliveryOutcome.Transient("HTTP 503")), slow);
        courier.submit(notification("1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 1);
        long start = System.nanoTime();
        assertTrue(courier.stop(Instant.now().plusSeconds(5)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
        assertTrue(events.isEmpty(), "an abandoned notification stays uncommitted, to be sent after the restart");
    }

    @Test
    void aNotificationRefusedAsTooLargeIsHandedBackToBeSplitNotDeadLettered() throws Exception {
        var courier = courier(scripted(new DeliveryOutcome.TooLarge("HTTP 413")), FAST);
        courier.submit(on(P0, "1", "2", "3"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertEquals(List.of("too large with 3: HTTP 413"), events);
        courier.stop(Instant.now().plusSeconds(1));
    }

    @Test
    void aSingleAlertTooLargeIsDeadLettered() throws Exception {
        var courier = courier(scripted(new DeliveryOutcome.TooLarge("SMTP 552 message size exceeds limit")), FAST);
        courier.submit(on(P0, "1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertEquals(List.of("dead-lettered after 1: too large even with one alert: SMTP 552 message size exceeds limit"), events);
        courier.stop(Instant.now().plusSeconds(1));
    }

    @Test
    void withdrawingAPartitionDropsItsQueuedNotificationsAndStopsRetryingItsCurrentOneSilently() throws Exception {
        var slow = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(1));
        List<String> tried = new CopyOnWriteArrayList<>();
        NotificationChannel channel = new NotificationChannel() {
            @Override
            public DeliveryOutcome attempt(Notification notification) {
                tried.add(notification.alerts().getFirst().document().title());
                return notification.alerts().getFirst().document().title().equals("Article 1")
                        ? new DeliveryOutcome.Transient("HTTP 503") : DeliveryOutcome.delivered();
            }

            @Override
            public String kind() {
                return "test";
            }
        };
        var courier = courier(channel, slow);
        courier.submit(on(P0, "1"));
        courier.submit(on(P0, "2"));
        courier.submit(on(P1, "3"));
        await().atMost(Duration.ofSeconds(5)).until(() -> tried.size() == 1);
        assertTrue(courier.busyWith(java.util.Set.of(P0)));
        courier.withdraw(java.util.Set.of(P0));
        await().atMost(Duration.ofSeconds(2)).until(() -> !courier.busyWith(java.util.Set.of(P0)));
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 1);
        assertEquals(List.of("Article 1", "Article 3"), tried, "article 2 (partition 0) was withdrawn from the queue");
        assertEquals(List.of("delivered after 1"), events, "the withdrawn notification is not reported: it stays pending for the next owner");
        courier.stop(Instant.now().plusSeconds(1));
    }
}
