package io.newswatch.ops;

import io.newswatch.testing.DaemonProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.newswatch.broker.EmbeddedKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while a notification is being sent, as {@code docker stop} does it: the packaged daemon
 * must let the receiver get the whole request and answer, record the delivery in the ledger (so the
 * next start does not send it again), leave the notifications it had not started for the next
 * start, and exit within 30 s, inside the compose file's {@code stop_grace_period}. The receiver is
 * a webhook endpoint on 127.0.0.1 that takes {@link #ANSWER_DELAY} to answer its first request,
 * and the SIGTERM is sent the moment that request arrives, so it lands mid-delivery.
 */
class GracefulShutdownIT {
    static final Duration ANSWER_DELAY = Duration.ofSeconds(6);
    static final String SECRET_ENV = "NEWSWATCH_HOOK_SECRET";

    @TempDir Path work;
    EmbeddedKafka broker;
    HttpServer receiver;
    ExecutorService receiverThreads;
    DaemonProcess daemon;

    /** One request as the receiver saw it; {@code answered} is set once its 200 was written and the exchange closed. */
    record Request(Instant arrived, String webhookId, byte[] body, AtomicReference<Instant> answered, AtomicReference<Throwable> failed) {}

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (receiver != null) {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sigtermLetsTheNotificationInFlightFinishAndExitsWithinThirtySeconds() throws Exception {
        broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", 0);
        List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstArrived = new CountDownLatch(1);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiverThreads = Executors.newCachedThreadPool();
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hook", exchange -> answer(exchange, requests, firstArrived));
        receiver.start();

        Path rules = Files.createDirectories(work.resolve("rules"));
        Path seeds = Files.createDirectories(work.resolve("seeds"));
        copyFiles(Path.of("rules"), rules);
        copyFiles(Path.of("seeds"), seeds);
        Files.writeString(rules.resolve("_recipients.yml"), """
                recipients:
                  hooks:
                    webhook: http://127.0.0.1:%d/hook
                    secret_env: %s
                    default: true
                """.formatted(receiver.getAddress().getPort(), SECRET_ENV));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        int httpPort = DaemonProcess.freePort();
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "NEWSWATCH_SEEDS_DIR", seeds.toString(),
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_DATA_DIR", work.resolve("data").toString(),
                "NEWSWATCH_FEEDS_ENABLED", "false",
                "NEWSWATCH_NOTIFY_GROUP_WAIT", "1s",
                "NEWSWATCH_NOTIFY_WEBHOOK_ALLOWED_ADDRESSES", "127.0.0.1",
                SECRET_ENV, "whsec_" + Base64.getEncoder().encodeToString(key),
                "QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        daemon = DaemonProcess.startClean(env, work, httpPort, work.resolve("daemon.log"));

        assertTrue(firstArrived.await(120, TimeUnit.SECONDS), "no notification reached the webhook; log:\n" + daemon.logText());
        Instant sigterm = Instant.now();
        Duration took = daemon.terminate(Duration.ofSeconds(30));
        Instant exited = Instant.now();
        System.out.printf("daemon exited %d ms after SIGTERM (exit status %d)%n", took.toMillis(), daemon.exitValue());
        assertTrue(List.of(0, 143).contains(daemon.exitValue()), "a clean stop exits with 0 or 143 (128 + SIGTERM), not " + daemon.exitValue());

        Request inFlight = requests.get(0);
        String log = daemon.logText();
        assertNull(inFlight.failed().get(), "the receiver could not answer: the daemon dropped the request; log:\n" + log);
        assertNotNull(inFlight.answered().get(), "the receiver never answered; log:\n" + log);
        assertTrue(inFlight.answered().get().isAfter(sigterm) && inFlight.answered().get().isBefore(exited),
                "the answer came after SIGTERM and before the exit");
        assertTrue(log.contains("recipient 'hooks': delivered webhook notification " + inFlight.webhookId()), log);
        assertTrue(log.contains("notifier stopped"), log);
        assertEquals(1, requests.size(), "notifications not yet started when SIGTERM came are left for the next start");

        Set<String> delivered = new TreeSet<>();
        for (JsonNode alert : new ObjectMapper().readTree(inFlight.body()).path("data").path("alerts")) {
            delivered.add("hooks/" + alert.path("id").asText());
        }
        assertTrue(!delivered.isEmpty());
        assertEquals(delivered, ledgerKeys(), "the delivery ledger records exactly the notification that was in flight");
    }

    private void answer(HttpExchange exchange, List<Request> requests, CountDownLatch firstArrived) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Request request = new Request(Instant.now(), exchange.getRequestHeaders().getFirst("webhook-id"), body,
                new AtomicReference<>(), new AtomicReference<>());
        boolean first;
        synchronized (requests) {
            first = requests.isEmpty();
            requests.add(request);
        }
        try {
            if (first) {
                firstArrived.countDown();
                Thread.sleep(ANSWER_DELAY);
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
            request.answered().set(Instant.now());
        } catch (IOException | InterruptedException e) {
            request.failed().set(e);
        } finally {
            exchange.close();
        }
    }

    private Set<String> ledgerKeys() {
        Set<String> keys = new TreeSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "shutdown-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("newswatch.notifications.sent"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
