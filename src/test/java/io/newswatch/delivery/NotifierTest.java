package io.newswatch.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.delivery.webhook.WebhookReceiver;
import io.newswatch.delivery.webhook.WebhookReceiver.Reply;
import io.newswatch.rules.Rule;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/** Grouping, routing and what recipients receive. */
class NotifierTest extends NotifierFixture {
    @Test
    void theSeedsGiveEachRecipientOneGroupedEmailAndOneSignedWebhook() throws Exception {
        start(ops(), hooks());
        publish(seeds);

        await().atMost(Duration.ofSeconds(15)).until(() -> greenMail.getReceivedMessages().length >= 1 && receiver.requests().size() >= 1);
        quietly();

        MimeMessage[] mails = greenMail.getReceivedMessages();
        assertEquals(1, mails.length);
        assertEquals("[newswatch] Troop deployment: 5 new matches", mails[0].getSubject());
        String emailId = Notification.idFor("ops", "troop-deployment", seeds.stream().map(Alert::id).toList());
        assertEquals("<" + emailId + "@newswatch>", mails[0].getMessageID());
        var html = Jsoup.parse(body(mails[0], "text/html"));
        assertEquals(5, html.select("ol > li").size());
        String text = body(mails[0], "text/plain");
        seeds.forEach(seed -> assertTrue(text.contains(seed.document().path()), seed.document().path()));

        assertEquals(1, receiver.requests().size());
        var request = receiver.requests().getFirst();
        assertNull(request.signatureProblem());
        assertEquals(Notification.idFor("hooks", "troop-deployment", seeds.stream().map(Alert::id).toList()), request.id());
        JsonNode payload = JSON.readTree(request.body());
        List<Alert> received = new ArrayList<>();
        payload.at("/data/alerts").forEach(event -> received.add(AlertCodec.fromEvent(event)));
        assertEquals(seeds, received);

        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
    }

    @Test
    void alertsArrivingAfterASendAreGroupedIntoTheNextInterval() throws Exception {
        start(hooks());
        publish(seeds.subList(0, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
        publish(seeds.subList(2, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);
        quietly();
        assertEquals(2, receiver.requests().size());
        assertEquals(2, JSON.readTree(receiver.requests().get(0).body()).at("/data/count").asInt());
        assertEquals(3, JSON.readTree(receiver.requests().get(1).body()).at("/data/count").asInt());
    }

    @Test
    void routesEachRuleToItsNotifyListAndOtherRulesToTheDefaults() throws Exception {
        Rule quiet = TestAlerts.rule("webhook-only", "Webhook only");
        start(new Recipients(List.of(ops(), hook("hooks", receiver.url("/hook"), false))),
                rule -> rule.equals(quiet.id()) ? List.of("hooks") : List.of());
        publish(List.of(TestAlerts.simple(quiet, "1", Instant.now()), TestAlerts.simple(TestAlerts.TROOPS, "2", Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length == 1 && receiver.requests().size() == 1);
        quietly();
        assertEquals("[newswatch] Troop deployment: 1 new match", greenMail.getReceivedMessages()[0].getSubject());
        assertEquals("webhook-only", JSON.readTree(receiver.requests().getFirst().body()).at("/data/rule/id").asText());
        assertEquals(1, greenMail.getReceivedMessages().length);
    }

    @Test
    void oneFailingEndpointDoesNotDelayTheOthers() throws Exception {
        try (WebhookReceiver broken = new WebhookReceiver(SECRET)) {
            for (int i = 0; i < 200; i++) {
                broken.answer(Reply.status(503));
            }
            start(ops(), hooks(), hook("broken", broken.url("/down"), true));
            long start = System.nanoTime();
            publish(seeds);
            await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length == 1 && receiver.accepted().size() == 1);
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
            assertTrue(broken.requests().size() >= 1);
            assertTrue(committedOffset() <= 0, "alerts still owed to 'broken' stay uncommitted");
        }
    }

    @Test
    void anHtmlAndHeaderInjectionItemArrivesEscaped() throws Exception {
        Alert hostile = TestAlerts.feedItem(TestAlerts.TROOPS,
                "Troops <script>alert(1)</script>\r\nBcc: victim@example.org",
                "Troops <img src=x onerror=alert(1)> moved\r\nX-Injected: yes",
                "https://news.example.org/item?a=1&b=<2>", "troops", Instant.now());
        start(ops(), hooks());
        publish(List.of(hostile));
        await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length == 1 && receiver.requests().size() == 1);
        MimeMessage mail = greenMail.getReceivedMessages()[0];
        assertEquals("[newswatch] Troop deployment: 1 new match", mail.getSubject());
        assertNull(mail.getHeader("Bcc"));
        assertNull(mail.getHeader("X-Injected"));
        assertEquals(1, mail.getAllRecipients().length);
        assertEquals("ops@example.org", mail.getRecipients(Message.RecipientType.TO)[0].toString());
        var html = Jsoup.parse(body(mail, "text/html"));
        assertTrue(html.select("script").isEmpty() && html.select("img").isEmpty(), html.html());
        assertTrue(html.text().contains("Troops <script>alert(1)</script> Bcc: victim@example.org"), html.text());
        String text = body(mail, "text/plain").replace("\r\n", "\n");
        assertTrue(text.contains("1. Troops <script>alert(1)</script> Bcc: victim@example.org\n"), text);
        JsonNode payload = JSON.readTree(receiver.requests().getFirst().body());
        assertEquals(hostile.document().title(), payload.at("/data/alerts/0/data/document/title").asText(),
                "webhooks carry the data exactly, JSON-escaped");
        assertNull(receiver.requests().getFirst().signatureProblem());
    }

    @Test
    void anUnreadableAlertIsDeadLetteredAndSkipped() throws Exception {
        start(ops());
        producer.send(new ProducerRecord<>(alertsTopic, "junk", "{not json".getBytes(StandardCharsets.UTF_8))).get();
        publish(seeds.subList(0, 1));
        List<JsonNode> dead = deadLetters(1);
        assertEquals("alert", dead.getFirst().get("kind").asText());
        assertEquals("{not json", dead.getFirst().get("value").asText());
        assertTrue(dead.getFirst().get("reason").asText().contains("not valid JSON"), dead.getFirst().toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length == 1 && committedOffset() == 2);
    }
}
