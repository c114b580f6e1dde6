package io.newswatch.delivery.webhook;

import io.newswatch.delivery.WebhookSecret;

import io.newswatch.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.delivery.DeliveryOutcome;
import io.newswatch.delivery.Notification;
import io.newswatch.delivery.Recipient;
import io.newswatch.delivery.TestAlerts;
import io.newswatch.delivery.webhook.WebhookReceiver.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final AddressGuard ALLOW_LOCALHOST = new AddressGuard(List.of("127.0.0.1"));
    static final HttpClient HTTP = WebhookChannel.newHttpClient(Duration.ofSeconds(2));

    WebhookReceiver receiver;
    final MutableClock clock = new MutableClock(Instant.now());
    final List<Alert> seeds = TestAlerts.seeds(TestAlerts.TROOPS);

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    WebhookChannel channel(URI url, AddressGuard guard, Duration timeout) {
        var recipient = new Recipient.Webhook("hooks", url, "NEWSWATCH_HOOK_SECRET", WebhookSecret.parse(SECRET), false);
        return new WebhookChannel(recipient, HTTP, guard, timeout, clock);
    }

    WebhookChannel channel() {
        return channel(receiver.url("/hook"), ALLOW_LOCALHOST, Duration.ofSeconds(2));
    }

    Notification notification() {
        return Notification.of(new Recipient.Webhook("hooks", receiver.url("/hook"), "E", WebhookSecret.parse(SECRET), false), seeds);
    }

    @Test
    void postsSignedJsonListingEveryAlertAsItsCloudEvent() throws Exception {
        Notification n = notification();
        assertInstanceOf(DeliveryOutcome.Delivered.class, channel().attempt(n));
        var request = receiver.requests().getFirst();
        assertNull(request.signatureProblem());
        assertEquals(n.id(), request.id());
        assertEquals("application/json", request.headers().get("content-type"));
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertEquals("io.newswatch.notification.v1", body.get("type").asText());
        assertEquals(n.id(), body.at("/data/id").asText());
        assertEquals("troop-deployment", body.at("/data/rule/id").asText());
        assertEquals(5, body.at("/data/count").asInt());
        List<Alert> sent = new ArrayList<>();
        body.at("/data/alerts").forEach(event -> sent.add(AlertCodec.fromEvent(event)));
        assertEquals(seeds, sent);
    }

    @Test
    void retriesKeepTheIdAndBodyButSignAFreshTimestamp() {
        Notification n = notification();
        receiver.answer(Reply.status(503));
        assertInstanceOf(DeliveryOutcome.Transient.class, channel().attempt(n));
        clock.advance(Duration.ofSeconds(3));
        assertInstanceOf(DeliveryOutcome.Delivered.class, channel().attempt(n));
        var first = receiver.requests().get(0);
        var second = receiver.requests().get(1);
        assertEquals(first.id(), second.id());
        assertEquals(first.bodyText(), second.bodyText());
        assertNotEquals(first.headers().get("webhook-timestamp"), second.headers().get("webhook-timestamp"));
        assertNull(second.signatureProblem());
    }

    @Test
    void serverErrorsTimeoutsAndThrottlingAreTransient() {
        receiver.answer(Reply.status(500), Reply.status(408), new Reply(429, Duration.ZERO, Map.of("Retry-After", "7"), ""));
        var n = notification();
        var r500 = assertInstanceOf(DeliveryOutcome.Transient.class, channel().attempt(n));
        assertEquals("HTTP 500", r500.reason());
        assertInstanceOf(DeliveryOutcome.Transient.class, channel().attempt(n));
        var r429 = assertInstanceOf(DeliveryOutcome.Transient.class, channel().attempt(n));
        assertEquals(Optional.of(Duration.ofSeconds(7)), r429.retryAfter());
    }

    @Test
    void otherClientErrorsArePermanentAndQuoteTheResponse() {
        receiver.answer(new Reply(400, Duration.ZERO, Map.of(), "unknown field\r\n 'data'"));
        var outcome = assertInstanceOf(DeliveryOutcome.Permanent.class, channel().attempt(notification()));
        assertEquals("HTTP 400: unknown field 'data'", outcome.reason());
    }

    @Test
    void a413IsTooLargeForTheCallerToSplitNotAPermanentFailure() {
        receiver.answer(new Reply(413, Duration.ZERO, Map.of(), "payload too large"));
        var outcome = assertInstanceOf(DeliveryOutcome.TooLarge.class, channel().attempt(notification()));
        assertEquals("HTTP 413: payload too large", outcome.reason());
    }

    @Test
    void redirectsAreNotFollowed() {
        receiver.answer(new Reply(302, Duration.ZERO, Map.of("Location", "http://169.254.169.254/latest"), ""));
        var outcome = assertInstanceOf(DeliveryOutcome.Permanent.class, channel().attempt(notification()));
        assertTrue(outcome.reason().contains("not followed"), outcome.reason());
        assertEquals(1, receiver.requests().size());
    }

    @Test
    void aSlowEndpointTimesOut() {
        receiver.answer(Reply.slow(Duration.ofSeconds(2)));
        long start = System.nanoTime();
        var outcome = channel(receiver.url("/hook"), ALLOW_LOCALHOST, Duration.ofMillis(300)).attempt(notification());
        assertEquals("no response within 300 ms", assertInstanceOf(DeliveryOutcome.Transient.class, outcome).reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500);
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        var outcome = channel(URI.create("http://127.0.0.1:" + closedPort + "/"), ALLOW_LOCALHOST, Duration.ofSeconds(2)).attempt(notification());
        assertTrue(assertInstanceOf(DeliveryOutcome.Transient.class, outcome).reason().startsWith("request failed"), outcome.toString());
    }

    @Test
    void aLoopbackTargetIsRefusedUnlessAllowedAndNothingIsSent() {
        var outcome = channel(receiver.url("/hook"), new AddressGuard(List.of()), Duration.ofSeconds(2)).attempt(notification());
        var permanent = assertInstanceOf(DeliveryOutcome.Permanent.class, outcome);
        assertTrue(permanent.reason().contains("loopback"), permanent.reason());
        assertTrue(receiver.requests().isEmpty());
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        Instant now = Instant.parse("2024-10-08T09:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(90)), WebhookChannel.parseRetryAfter("Tue, 8 Oct 2024 09:01:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), WebhookChannel.parseRetryAfter("Tue, 8 Oct 2024 08:00:00 GMT", now));
        assertEquals(Optional.empty(), WebhookChannel.parseRetryAfter("soon", now));
    }
}
