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
import java.nio.file.Files;
import java.nio.file.Path;
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
        await().atMost(Duration.ofSeconds(30)).until(() -> greenMail.getReceivedMessages().length == 1);
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

        Files.writeString(file, "recipients:\n  ops:\n    email: not an address\n    default: true\n");
        service.reloadRecipients();
        assertTrue(service.isRunning(), "a broken file keeps the notifier running with the last good recipients");
        publish(TestAlerts.simple(TestAlerts.TROOPS, "reload-1", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> greenMail.getReceivedMessages().length == before + 1);
        assertEquals("ops@example.org", greenMail.getReceivedMessages()[before].getAllRecipients()[0].toString());

        Files.writeString(file, "recipients:\n  desk:\n    email: desk@example.org\n    default: true\n");
        service.reloadRecipients();
        assertTrue(service.isRunning());
        publish(TestAlerts.simple(TestAlerts.TROOPS, "reload-2", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> greenMail.getReceivedMessages().length == before + 2);
        var mail = greenMail.getReceivedMessages()[before + 1];
        assertEquals("desk@example.org", mail.getAllRecipients()[0].toString(), "the edited file's recipient gets the next alert");
        assertEquals("[newswatch] Troop deployment: 1 new match", mail.getSubject());
    }

    private void publish(Alert alert) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(NotificationServiceResource.ALERTS_TOPIC, alert.id(), AlertCodec.encode(alert))).get();
        }
    }
}
