package io.newswatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.delivery.TestAlerts;
import io.newswatch.delivery.webhook.WebhookReceiver;
import io.newswatch.delivery.webhook.WebhookReceiver.Reply;
import io.newswatch.rules.Rule;
import io.newswatch.testing.DaemonProcess;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged daemons on one external broker share the notifier's consumer group while alerts flow;
 * the one sending notifications is killed with SIGKILL mid-delivery and restarted. Every alert
 * reaches the email box (GreenMail) and the webhook once after deduplication on Message-ID and
 * webhook-id, and every repeat carries the id of the first sending.
 */
class NotifierScaleOutIT {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Pattern EMAIL_ALERT = Pattern.compile("(?m)^\\d+\\. Article (a\\d{3})\\s*$");
    static final int ALERTS = 60;

    @TempDir Path work;

    @Test
    void twoInstancesOneKilledAndRestartedDeliverEveryAlertOnceWithStableIds() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", DaemonProcess.freePort());
        GreenMail greenMail = new GreenMail(new ServerSetup(DaemonProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        WebhookReceiver receiver = new WebhookReceiver(SECRET);
        for (int i = 0; i < 400; i++) {
            receiver.answer(Reply.slow(Duration.ofMillis(400))); // so the kill finds a request in flight
        }
        Path rules = Files.createDirectories(work.resolve("rules"));
        DaemonIT.copyFolder(Path.of("rules"), rules);
        Files.writeString(rules.resolve("_recipients.yml"), """
                recipients:
                  ops:
                    email: ops@example.org
                    default: true
                  hooks:
                    webhook: %s
                    secret_env: NEWSWATCH_HOOK_SECRET
                    default: true
                """.formatted(receiver.url("/hook")));
        List<DaemonProcess> daemons = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            Map<String, Map<String, String>> envs = new HashMap<>();
            for (String name : List.of("a", "b")) {
                Map<String, String> env = new HashMap<>(Map.ofEntries(
                        Map.entry("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                        Map.entry("NEWSWATCH_SEEDS_DIR", Files.createDirectories(work.resolve("seeds-" + name)).toString()),
                        Map.entry("NEWSWATCH_RULES_DIR", rules.toString()),
                        Map.entry("NEWSWATCH_DATA_DIR", work.resolve("data-" + name).toString()),
                        Map.entry("NEWSWATCH_FEEDS_ENABLED", "false"),
                        Map.entry("NEWSWATCH_KAFKA_PARTITIONS", "3"),
                        Map.entry("NEWSWATCH_NOTIFY_GROUP_WAIT", "1s"),
                        Map.entry("NEWSWATCH_NOTIFY_GROUP_INTERVAL", "2s"),
                        Map.entry("NEWSWATCH_NOTIFY_MAX_ALERTS_PER_NOTIFICATION", "4"),
                        Map.entry("NEWSWATCH_NOTIFY_SESSION_TIMEOUT", "8s"),
                        Map.entry("NEWSWATCH_NOTIFY_WEBHOOK_TIMEOUT", "5s"),
                        Map.entry("NEWSWATCH_NOTIFY_WEBHOOK_ALLOWED_ADDRESSES", "127.0.0.1"),
                        Map.entry("NEWSWATCH_HOOK_SECRET", SECRET),
                        Map.entry("QUARKUS_MAILER_HOST", "127.0.0.1"),
                        Map.entry("QUARKUS_MAILER_PORT", String.valueOf(greenMail.getSmtp().getPort())),
                        Map.entry("QUARKUS_MAILER_START_TLS", "DISABLED"),
                        Map.entry("QUARKUS_MAILER_FROM", "newswatch@example.org")));
                envs.put(name, env);
                daemons.add(DaemonProcess.start(env, work.resolve("daemon-" + name + ".log")));
            }
            for (DaemonProcess daemon : daemons) {
                daemon.awaitReady(Duration.ofSeconds(180));
            }
            DaemonProcess owner = awaitOwner(daemons, Duration.ofSeconds(60));
            String ownerName = owner == daemons.get(0) ? "a" : "b";

            List<Rule> rulesUsed = List.of(TestAlerts.rule("scale-one", "Scale one"), TestAlerts.rule("scale-two", "Scale two"));
            List<Alert> alerts = new ArrayList<>();
            Instant t0 = Instant.now();
            for (int i = 0; i < ALERTS; i++) {
                alerts.add(TestAlerts.simple(rulesUsed.get(i % 2), "a%03d".formatted(i), t0.plusMillis(i)));
            }
            publish(producer, alerts.subList(0, 24));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (receiver.accepted().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(receiver.accepted().size() >= 2, "notifications flow before the kill:\n" + owner.logText());
            publish(producer, alerts.subList(24, 36));
            Thread.sleep(1200); // the next groups become due and go out: the kill lands mid-delivery
            owner.kill();
            int requestsAtKill = receiver.requests().size();
            System.out.printf("killed the notifying daemon %s with SIGKILL after %d webhook request(s), %d email(s)%n",
                    ownerName, requestsAtKill, greenMail.getReceivedMessages().length);
            publish(producer, alerts.subList(36, 48));
            Thread.sleep(3000);
            DaemonProcess restarted = DaemonProcess.start(envs.get(ownerName), work.resolve("daemon-" + ownerName + "-restarted.log"));
            daemons.add(restarted);
            restarted.awaitReady(Duration.ofSeconds(180));
            publish(producer, alerts.subList(48, ALERTS));

            Set<String> expected = new TreeSet<>(alerts.stream().map(a -> "a" + a.document().title().substring("Article a".length())).toList());
            deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && (webhookIdsByAlert(receiver, titles(alerts)).size() < ALERTS
                    || emailIdsByAlert(greenMail).size() < ALERTS)) {
                Thread.sleep(250);
            }
            Thread.sleep(5000); // anything sent twice would arrive by now

            Map<String, Set<String>> webhook = webhookIdsByAlert(receiver, titles(alerts));
            Map<String, Set<String>> email = emailIdsByAlert(greenMail);
            String logs = logs(daemons);
            assertEquals(expected, webhook.keySet(), "every alert reached the webhook:\n" + logs);
            assertEquals(expected, email.keySet(), "every alert reached the mailbox:\n" + logs);
            webhook.forEach((alert, ids) -> assertEquals(1, ids.size(), "alert " + alert + " reached the webhook under " + ids));
            email.forEach((alert, ids) -> assertEquals(1, ids.size(), "alert " + alert + " reached the mailbox under " + ids));
            receiver.requests().forEach(r -> assertNull(r.signatureProblem()));

            long webhookRepeats = receiver.requests().stream().filter(r -> r.answered() / 100 == 2).count() - receiver.accepted().size();
            Map<String, Integer> mailsPerId = new TreeMap<>();
            for (MimeMessage message : greenMail.getReceivedMessages()) {
                mailsPerId.merge(message.getMessageID(), 1, Integer::sum);
            }
            long emailRepeats = greenMail.getReceivedMessages().length - mailsPerId.size();
            System.out.printf("%d alerts: %d webhook notifications (%d repeat(s) with the same webhook-id), "
                            + "%d emails (%d repeat(s) with the same Message-ID)%n",
                    ALERTS, receiver.accepted().size(), webhookRepeats, mailsPerId.size(), emailRepeats);
            assertTrue(restarted.logText().contains("notifier reading"), restarted.logText());
        } finally {
            for (DaemonProcess daemon : daemons) {
                daemon.close();
            }
            receiver.close();
            greenMail.stop();
            broker.close();
        }
    }

    private static void publish(KafkaProducer<String, byte[]> producer, List<Alert> alerts) throws Exception {
        for (Alert alert : alerts) {
            producer.send(new ProducerRecord<>("newswatch.alerts", alert.id(), AlertCodec.encode(alert))).get();
        }
    }

    /** The daemon whose notifier was given the alert partitions (one instance sends, the other stands by). */
    private static DaemonProcess awaitOwner(List<DaemonProcess> daemons, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (DaemonProcess daemon : daemons) {
                if (daemon.logText().contains("notifier: now sending for")) {
                    return daemon;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no notifier was given the alert partitions:\n" + logs(daemons));
    }

    private static Map<String, String> titles(List<Alert> alerts) {
        Map<String, String> byId = new HashMap<>();
        alerts.forEach(a -> byId.put(a.id(), "a" + a.document().title().substring("Article a".length())));
        return byId;
    }

    /** Per alert (by its title's number), the webhook-ids of the 2xx requests that listed it. */
    private static Map<String, Set<String>> webhookIdsByAlert(WebhookReceiver receiver, Map<String, String> titles) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Set<String>> result = new TreeMap<>();
        for (WebhookReceiver.Request request : receiver.requests()) {
            if (request.answered() / 100 != 2) {
                continue;
            }
            for (var event : json.readTree(request.body()).at("/data/alerts")) {
                String title = titles.get(event.get("id").asText());
                if (title != null) {
                    result.computeIfAbsent(title, t -> new TreeSet<>()).add(request.id());
                }
            }
        }
        return result;
    }

    /** Per alert (by its title's number), the Message-IDs of the emails that listed it. */
    private static Map<String, Set<String>> emailIdsByAlert(GreenMail greenMail) throws Exception {
        Map<String, Set<String>> result = new TreeMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            var multipart = (MimeMultipart) message.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                if (multipart.getBodyPart(i).isMimeType("text/plain")) {
                    Matcher m = EMAIL_ALERT.matcher(((String) multipart.getBodyPart(i).getContent()).replace("\r\n", "\n"));
                    while (m.find()) {
                        result.computeIfAbsent(m.group(1), t -> new TreeSet<>()).add(message.getMessageID());
                    }
                }
            }
        }
        return result;
    }

    private static String logs(List<DaemonProcess> daemons) throws Exception {
        StringBuilder text = new StringBuilder();
        for (DaemonProcess daemon : daemons) {
            text.append("---- ").append(daemon.log.getFileName()).append('\n').append(daemon.logText());
        }
        return text.toString();
    }
}
