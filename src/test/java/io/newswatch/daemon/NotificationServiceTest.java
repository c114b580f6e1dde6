package io.newswatch.daemon;

import io.newswatch.delivery.TestAlerts;


import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.EmbeddedKafkaResource;
import io.newswatch.broker.TopicCreator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.newswatch.delivery.RecipientsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The daemon's wiring: recipients file, Quarkus mailer settings, Kafka address, started with the rules. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(EmbeddedKafkaResource.class)
@WithTestResource(NotificationServiceResource.class)
class NotificationServiceTest {
    @Inject
    NotificationService service;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    @Order(1)
    void startsOnceRulesAreKnownAndMailsThroughTheQuarkusMailerSettings() throws Exception {
        // The pipeline hands the rule registry's lookup to the notifier at start-up.
        assertTrue(service.isRunning(), "the notifier starts with the daemon once the rules are loaded");
        TopicCreator.createAndAwait(bootstrapServers, List.of(new NewTopic(NotificationServiceResource.ALERTS_TOPIC, 1, (short) 1)));

        List<Alert> seeds = TestAlerts.seeds(TestAlerts.TROOPS);
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (Alert alert : seeds) {
                producer.send(new ProducerRecord<>(NotificationServiceResource.ALERTS_TOPIC, alert.id(), AlertCodec.encode(alert))).get();
            }
        }
        var greenMail = NotificationServiceResource.greenMail;
        await().atMost(MAIL_WAIT).until(() -> greenMail.getReceivedMessages().length == 1);
        var mail = greenMail.getReceivedMessages()[0];
        assertEquals("[newswatch] Troop deployment: 5 new matches", mail.getSubject());
        assertEquals("alerts@newswatch.example.org", mail.getFrom()[0].toString());
    }

    @Test
    @Order(2)
    void anEditedRecipientsFileIsAppliedAndABrokenOneKeepsTheLastGoodRecipients() throws Exception {
        var greenMail = NotificationServiceResource.greenMail;
        Path file = NotificationServiceResource.rulesDir.resolve(RecipientsFile.FILE_NAME);
        TopicCreator.createAndAwait(bootstrapServers, List.of(new NewTopic(NotificationServiceResource.ALERTS_TOPIC, 1, (short) 1)));
        int before = greenMail.getReceivedMessages().length;

        replace(file, "recipients:\n  ops:\n    email: not an address\n    default: true\n");
        service.reloadRecipients();
        assertTrue(service.isRunning(), "a broken file keeps the notifier running with the last good recipients");
        publish(TestAlerts.simple(TestAlerts.TROOPS, "reload-1", Instant.now()));
        await().atMost(MAIL_WAIT).until(() -> greenMail.getReceivedMessages().length == before + 1);
        assertEquals("ops@example.org", greenMail.getReceivedMessages()[before].getAllRecipients()[0].toString());

        replace(file, DESK);
        service.reloadRecipients();
        assertTrue(service.isRunning());
        publish(TestAlerts.simple(TestAlerts.TROOPS, "reload-2", Instant.now()));
        await().atMost(MAIL_WAIT).until(() -> greenMail.getReceivedMessages().length == before + 2);
        var mail = greenMail.getReceivedMessages()[before + 1];
        assertEquals("desk@example.org", mail.getAllRecipients()[0].toString(), "the edited file's recipient gets the next alert");
        assertEquals("[newswatch] Troop deployment: 1 new match", mail.getSubject());
    }

    /**
     * An edit that keeps the file's size and lands within the same modification-time tick as the last
     * read (as on a file system with coarse timestamps, or two saves a moment apart) is applied.
     */
    @Test
    @Order(3)
    void anEditThatKeepsTheSizeAndModificationTimeIsApplied() throws Exception {
        var greenMail = NotificationServiceResource.greenMail;
        Path file = NotificationServiceResource.rulesDir.resolve(RecipientsFile.FILE_NAME);
        replace(file, DESK);
        service.reloadRecipients();
        int before = greenMail.getReceivedMessages().length;

        FileTime modified = Files.getLastModifiedTime(file);
        String edited = DESK.replace("desk@example.org", "dusk@example.org");
        assertEquals(DESK.length(), edited.length());
        replace(file, edited, modified);
        assertEquals(modified, Files.getLastModifiedTime(file));
        service.reloadRecipients();
        publish(TestAlerts.simple(TestAlerts.TROOPS, "reload-3", Instant.now()));
        await().atMost(MAIL_WAIT).until(() -> greenMail.getReceivedMessages().length == before + 1);
        assertEquals("dusk@example.org", greenMail.getReceivedMessages()[before].getAllRecipients()[0].toString(),
                "the edit is applied although the file's size and modification time are unchanged");
    }

    /**
     * How long a mail may take: one SMTP attempt that hangs until GreenMail's 30 s socket timeout
     * (seen under heavy CPU load on a reused connection, answered with 421) and the notifier's retry
     * after it; the notifier's own retry, not the test, decides when the mail arrives.
     */
    private static final Duration MAIL_WAIT = Duration.ofSeconds(75);

    private static final String DESK = "recipients:\n  desk:\n    email: desk@example.org\n    default: true\n";

    /**
     * Replaces the file as careful tools do (written beside it, then renamed over it), so the daemon's
     * own poll of the rules folder never reads it half-written: truncated to nothing, it would name no
     * recipients and stop the notifier between this test's steps.
     */
    private static void replace(Path file, String content) throws IOException {
        replace(file, content, null);
    }

    private static void replace(Path file, String content, FileTime modified) throws IOException {
        Path next = Files.createTempFile(file.getParent().getParent(), "recipients", ".yml");
        Files.writeString(next, content);
        if (modified != null) {
            Files.setLastModifiedTime(next, modified);
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void publish(Alert alert) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(NotificationServiceResource.ALERTS_TOPIC, alert.id(), AlertCodec.encode(alert))).get();
        }
    }
}
