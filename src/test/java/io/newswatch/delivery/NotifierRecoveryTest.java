package io.newswatch.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.newswatch.broker.TestBroker;
import io.newswatch.delivery.webhook.WebhookReceiver;
import io.newswatch.delivery.webhook.WebhookReceiver.Reply;
import io.vertx.ext.mail.LoginOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Failures, retries, dead letters and restarts: nothing lost, nothing repeated. */
class NotifierRecoveryTest extends NotifierFixture {
    @Test
    void smtpDownThenUpDeliversEverythingOnce() throws Exception {
        greenMail.stop();
        start(ops());
        publish(seeds);
        Thread.sleep(GROUP_WAIT.toMillis() + 800);
        assertTrue(committedOffset() <= 0, "nothing is committed while SMTP is down");
        greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> greenMail.getReceivedMessages().length >= 1);
        quietly();
        assertEquals(1, greenMail.getReceivedMessages().length);
        assertEquals("[newswatch] Troop deployment: 5 new matches", greenMail.getReceivedMessages()[0].getSubject());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
    }

    @Test
    void aWebhookAnswering500ThreeTimesThen200ReceivesTheNotificationExactlyOnce() throws Exception {
        receiver.answer(Reply.status(500), Reply.status(500), Reply.status(500));
        start(hooks());
        publish(seeds);
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 1);
        quietly();
        assertEquals(4, receiver.requests().size());
        assertEquals(List.of(500, 500, 500, 200), receiver.requests().stream().map(WebhookReceiver.Request::answered).toList());
        assertEquals(1, receiver.requests().stream().map(WebhookReceiver.Request::id).distinct().count(), "same webhook-id on every retry");
        receiver.requests().forEach(r -> assertNull(r.signatureProblem()));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
    }

    @Test
    void aWebhookAnswering400IsDeadLetteredAtOnceWithTheReason() throws Exception {
        receiver.answer(new Reply(400, Duration.ZERO, Map.of(), "schema mismatch"));
        start(hooks());
        publish(seeds);
        List<JsonNode> dead = deadLetters(1);
        assertEquals(1, dead.size());
        JsonNode letter = dead.getFirst();
        assertEquals("notification", letter.get("kind").asText());
        assertEquals("hooks", letter.get("recipient").asText());
        assertEquals("webhook", letter.get("channel").asText());
        assertEquals("HTTP 400: schema mismatch", letter.get("reason").asText());
        assertEquals(1, letter.get("attempts").asInt());
        assertEquals(5, letter.get("alerts").size());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
        quietly();
        assertEquals(1, receiver.requests().size(), "a 400 is not retried");
    }

    @Test
    void aPermanentSmtpRejectionIsDeadLettered() throws Exception {
        greenMail.setUser("ops@example.org", "newswatch", "right");
        mailConfig.setLogin(LoginOption.REQUIRED).setUsername("newswatch").setPassword("wrong");
        start(ops());
        publish(seeds.subList(0, 1));
        List<JsonNode> dead = deadLetters(1);
        assertTrue(dead.getFirst().get("reason").asText().startsWith("SMTP 535"), dead.getFirst().toString());
        assertEquals("email", dead.getFirst().get("channel").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 1);
    }

    @Test
    void aSlowWebhookTimesOutAndIsRetriedUnderTheSameId() throws Exception {
        webhookTimeout = Duration.ofMillis(500);
        receiver.answer(Reply.slow(Duration.ofSeconds(2)));
        start(hooks());
        publish(seeds);
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.requests().size() == 2);
        quietly();
        assertEquals(2, receiver.requests().size());
        assertEquals(receiver.requests().get(0).id(), receiver.requests().get(1).id());
        assertEquals(1, receiver.accepted().size());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
    }

    @Test
    void aRestartInTheMiddleOfRetriesNeitherLosesNorRepeatsTheNotification() throws Exception {
        for (int i = 0; i < 6; i++) {
            receiver.answer(Reply.status(503));
        }
        Notifier first = start(ops(), hooks());
        publish(seeds);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 2 && greenMail.getReceivedMessages().length == 1);
        first.close();
        assertTrue(receiver.accepted().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 0 || committedOffset() == -1);

        start(ops(), hooks());
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() == 1);
        quietly();
        assertEquals(1, receiver.accepted().size());
        assertEquals(1, receiver.requests().stream().map(WebhookReceiver.Request::id).distinct().count(),
                "the regrouped notification keeps its id across the restart");
        assertEquals(1, greenMail.getReceivedMessages().length, "the email delivered before the restart is not sent again");
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
    }

    @Test
    void aPendingNotificationForARecipientRemovedFromTheFileIsDeadLetteredWithTheReasonNotDropped() throws Exception {
        for (int i = 0; i < 20; i++) {
            receiver.answer(Reply.status(503));
        }
        Notifier first = start(ops(), hooks());
        publish(seeds);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() >= 2 && greenMail.getReceivedMessages().length == 1);
        first.close();
        String webhookId = receiver.requests().getFirst().id();

        start(ops()); // _recipients.yml edited: 'hooks' removed while its notification was being retried
        List<JsonNode> dead = deadLetters(1);
        assertEquals(1, dead.size());
        JsonNode letter = dead.getFirst();
        assertEquals("notification", letter.get("kind").asText());
        assertEquals(webhookId, letter.get("notification").asText(), "the id the receiver saw, so a replay can be deduplicated");
        assertEquals("hooks", letter.get("recipient").asText());
        assertEquals("recipient 'hooks' is no longer in the recipients file", letter.get("reason").asText());
        assertEquals(5, letter.get("alerts").size());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
        int requests = receiver.requests().size();

        notifiers.forEach(Notifier::close);
        start(ops(), hooks()); // the recipient comes back: the dead-lettered notification is not pending any more
        quietly();
        Thread.sleep(GROUP_WAIT.toMillis() + 1000);
        assertEquals(requests, receiver.requests().size(), "nothing is sent to the returning recipient for alerts already handled");
        assertEquals(1, deadLetters(2).size(), "dead-lettered once");
        assertEquals(1, greenMail.getReceivedMessages().length);
    }

    @Test
    void alertsReadAgainAfterDeliveryAreSkippedThanksToTheLedger() throws Exception {
        Notifier first = start(ops());
        publish(seeds);
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
        first.close();
        try (Admin admin = TestBroker.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(alertsTopic, 0), new OffsetAndMetadata(0))).all().get();
        }
        assertEquals(0, committedOffset());
        start(ops());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset() == 5);
        quietly();
        assertEquals(1, greenMail.getReceivedMessages().length);
    }
}
