package io.newswatch.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.TestBroker;
import io.newswatch.delivery.email.EmailChannel;
import io.newswatch.delivery.email.EmailRenderer;
import io.newswatch.delivery.email.VertxMailTransport;
import io.newswatch.delivery.webhook.AddressGuard;
import io.newswatch.delivery.webhook.WebhookChannel;
import io.newswatch.delivery.webhook.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the notifier end to end against a real Kafka broker (shared by the test JVM), a real SMTP
 * server (GreenMail) and a real HTTP endpoint on 127.0.0.1, with grouping and retry times
 * shortened to milliseconds. Each test gets its own topics and consumer group.
 */
abstract class NotifierFixture {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final Duration GROUP_WAIT = Duration.ofMillis(200);
    static final Duration GROUP_INTERVAL = Duration.ofMillis(500);
    static final Duration QUIET = Duration.ofMillis(700);
    static final AddressGuard ALLOW_LOCALHOST = new AddressGuard(List.of("127.0.0.1"));
    static final HttpClient HTTP = WebhookChannel.newHttpClient(Duration.ofSeconds(2));
    static final ObjectMapper JSON = new ObjectMapper();

    static Vertx vertx;
    static KafkaProducer<String, byte[]> producer;

    String alertsTopic;
    String deadLetterTopic;
    String ledgerTopic;
    String pendingTopic;
    String group;
    Optional<String> instanceId = Optional.empty();
    Duration sessionTimeout = Duration.ofSeconds(10);
    int maxAlerts = 100;
    int smtpPort;
    GreenMail greenMail;
    WebhookReceiver receiver;
    MailConfig mailConfig;
    Duration webhookTimeout = Duration.ofSeconds(2);
    final List<Notifier> notifiers = new ArrayList<>();
    final List<Alert> seeds = TestAlerts.seeds(TestAlerts.TROOPS);

    @BeforeAll
    static void startClients() {
        vertx = Vertx.vertx();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterAll
    static void stopClients() {
        producer.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void setUp() throws Exception {
        alertsTopic = TestBroker.uniqueTopic("alerts");
        deadLetterTopic = TestBroker.uniqueTopic("dlq");
        ledgerTopic = TestBroker.uniqueTopic("sent");
        pendingTopic = TestBroker.uniqueTopic("pending");
        group = TestBroker.uniqueTopic("notifier");
        try (Admin admin = TestBroker.admin()) {
            admin.createTopics(List.of(new NewTopic(alertsTopic, 1, (short) 1))).all().get();
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            smtpPort = socket.getLocalPort();
        }
        greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        mailConfig = new MailConfig().setHostname("127.0.0.1").setPort(smtpPort).setStarttls(StartTLSOptions.DISABLED)
                .setLogin(LoginOption.DISABLED);
        receiver = new WebhookReceiver(SECRET);
    }

    @AfterEach
    void tearDown() {
        notifiers.forEach(Notifier::close);
        greenMail.stop();
        receiver.close();
    }

    Recipient.Email ops() {
        return new Recipient.Email("ops", "ops@example.org", true);
    }

    Recipient.Webhook hook(String name, URI url, boolean isDefault) {
        return new Recipient.Webhook(name, url, "NEWSWATCH_HOOK_SECRET", WebhookSecret.parse(SECRET), isDefault);
    }

    Recipient.Webhook hooks() {
        return hook("hooks", receiver.url("/hook"), true);
    }

    Notifier start(Recipients recipients, Function<String, List<String>> ruleRecipients) {
        var settings = new Notifier.Settings(TestBroker.bootstrapServers(), alertsTopic, group, instanceId, sessionTimeout,
                deadLetterTopic, ledgerTopic, pendingTopic, Duration.ofDays(1), GROUP_WAIT, GROUP_INTERVAL, maxAlerts,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(30)), Duration.ofSeconds(5),
                (short) 1);
        MailClient mail = MailClient.create(vertx, mailConfig);
        var transport = new VertxMailTransport(mail, Duration.ofSeconds(5));
        var renderer = new EmailRenderer();
        Function<Recipient, NotificationChannel> channels = recipient -> switch (recipient) {
            case Recipient.Email email -> new EmailChannel(email, transport, renderer, "newswatch@example.org");
            case Recipient.Webhook webhook -> new WebhookChannel(webhook, HTTP, ALLOW_LOCALHOST, webhookTimeout, Clock.systemUTC());
        };
        Notifier notifier = new Notifier(settings, recipients, ruleRecipients, channels, Clock.systemUTC()).start();
        notifiers.add(notifier);
        await().atMost(Duration.ofSeconds(20)).until(notifier::isReady);
        return notifier;
    }

    Notifier start(Recipient... recipients) {
        return start(new Recipients(List.of(recipients)), rule -> List.of());
    }

    /**
     * Publishes the alerts as one batch (sent, then flushed, then each acknowledgement awaited), so the notifier reads
     * them in one poll and groups them into one notification even on a loaded machine; one acknowledged send after
     * another could straddle the 200 ms group wait and split them.
     */
    void publish(List<Alert> alerts) throws Exception {
        List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
        for (Alert alert : alerts) {
            sends.add(producer.send(new ProducerRecord<>(alertsTopic, alert.id(), AlertCodec.encode(alert))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> send : sends) {
            send.get();
        }
    }

    long committedOffset() throws Exception {
        try (Admin admin = TestBroker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(alertsTopic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    List<JsonNode> deadLetters(int expected) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<JsonNode> result = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            var tp = new TopicPartition(deadLetterTopic, 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> !consumer.partitionsFor(deadLetterTopic).isEmpty());
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (result.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    assertTrue(record.headers().lastHeader(DeadLetters.REASON_HEADER) != null, "the reason travels as a header too");
                    result.add(JSON.readTree(record.value()));
                }
            }
        }
        return result;
    }

    static String body(MimeMessage message, String mimeType) throws Exception {
        var multipart = (MimeMultipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).isMimeType(mimeType)) {
                return (String) multipart.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + mimeType + " part");
    }

    void quietly() throws InterruptedException {
        Thread.sleep(QUIET.toMillis());
    }
}
