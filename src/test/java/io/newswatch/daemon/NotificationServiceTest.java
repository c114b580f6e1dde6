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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The daemon's wiring: recipients file, Quarkus mailer settings, Kafka address, started with the rules. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@WithTestResource(NotificationServiceResource.class)
class NotificationServiceTest {
    @Inject
    NotificationService service;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
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
}
