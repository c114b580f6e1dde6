package io.newswatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.testing.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away under a running daemon and comes back: the daemon stays up, says it is not
 * ready, logs about it once per retry interval, keeps what arrives meanwhile, and catches up.
 */
class KafkaOutageIT {
    @TempDir Path work;

    @Test
    void survivesAKafkaOutageAndCatchesUpWithoutLosingADocument() throws Exception {
        Path brokerDir = work.resolve("broker");
        Path seeds = Files.createDirectories(work.resolve("seeds"));
        Path rules = Files.createDirectories(work.resolve("rules"));
        DaemonIT.copyFolder(Path.of("rules"), rules);
        Files.writeString(seeds.resolve("first.txt"), "Troops deployed to the border\n\nThe army deployed 4,000 troops to the northern border on Monday.\n");
        int port = DaemonProcess.freePort();
        EmbeddedKafka broker = EmbeddedKafka.start(brokerDir, "127.0.0.1", port);
        String servers = broker.bootstrapServers();
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", servers,
                "NEWSWATCH_SEEDS_DIR", seeds.toString(),
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_DATA_DIR", work.resolve("data").toString(),
                "NEWSWATCH_KAFKA_PARTITIONS", "1",
                "NEWSWATCH_KAFKA_RETRY_INTERVAL", "2s");
        try (DaemonProcess daemon = DaemonProcess.start(env, work.resolve("daemon.log"))) {
            daemon.awaitReady(Duration.ofSeconds(120));
            try (AlertReader reader = new AlertReader(servers, "newswatch.alerts.troop-deployment")) {
                assertEquals(1, reader.awaitAtLeast(1, Duration.ofSeconds(30)).size(), daemon.logText());
            }

            broker.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && daemon.get("/q/health/ready").statusCode() == 200) {
                Thread.sleep(500);
            }
            assertEquals(503, daemon.get("/q/health/ready").statusCode(), "not ready while Kafka is away");
            Files.writeString(seeds.resolve("during-outage.txt"),
                    "Marines sent abroad\n\nThe navy dispatched 800 marines to the island on Tuesday, officials said.\n");
            int before = countUnreachableLines(daemon);
            Thread.sleep(10_000);
            int logged = countUnreachableLines(daemon) - before;
            assertTrue(daemon.isAlive(), "the daemon stays up without Kafka");
            assertEquals(200, daemon.get("/q/health/live").statusCode());
            assertTrue(logged >= 1 && logged <= 7, "about one line per 2 s retry interval over 10 s, got " + logged + ":\n" + daemon.logText());
            String waitingFile = "file intake: 1 file(s) in " + seeds;
            long named = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < named && daemon.logText().lines().noneMatch(l -> l.contains("is unreachable") && l.contains(waitingFile))) {
                Thread.sleep(500);
            }
            String outageLog = daemon.logText();
            assertTrue(outageLog.lines().anyMatch(l -> l.contains("is unreachable") && l.contains("(waiting: ") && l.contains(waitingFile)),
                    "the one line names the file waiting:\n" + outageLog);
            assertTrue(outageLog.lines().noneMatch(l -> l.contains("cannot publish documents")),
                    "the file intake does not log the outage on its own:\n" + outageLog);

            broker = EmbeddedKafka.start(brokerDir, "127.0.0.1", port);
            daemon.awaitReady(Duration.ofSeconds(120));
            try (AlertReader reader = new AlertReader(servers, "newswatch.alerts.troop-deployment")) {
                List<Alert> alerts = reader.awaitAtLeast(2, Duration.ofSeconds(60)).stream().map(r -> AlertCodec.decode(r.value())).toList();
                assertTrue(alerts.stream().anyMatch(a -> a.document().path().endsWith("during-outage.txt")),
                        "the file written during the outage alerts once Kafka is back:\n" + daemon.logText());
                assertEquals(2, alerts.size(), "nothing twice: " + alerts);
            }
            assertTrue(daemon.logText().contains("is reachable again"), daemon.logText());
        } finally {
            broker.close();
        }
    }

    static int countUnreachableLines(DaemonProcess daemon) throws Exception {
        return (int) daemon.logText().lines().filter(l -> l.contains("is unreachable")).count();
    }

    @Test
    void withoutKafkaItAnswersNotReadyAtOnceAndStillStopsWithinThirtySeconds() throws Exception {
        Path rules = Files.createDirectories(work.resolve("rules"));
        DaemonIT.copyFolder(Path.of("rules"), rules);
        Files.copy(Path.of("docker/_recipients.yml"), rules.resolve("_recipients.yml")); // so the notifier starts too
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + DaemonProcess.freePort(),
                "NEWSWATCH_SEEDS_DIR", "seeds",
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_DATA_DIR", work.resolve("data").toString());
        try (DaemonProcess daemon = DaemonProcess.start(env, work.resolve("daemon.log"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (daemon.get("/q/health/live").statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    Thread.sleep(250);
                }
            }
            long start = System.nanoTime();
            assertEquals(503, daemon.get("/q/health/ready").statusCode());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "readiness must not wait on Kafka");
            Thread.sleep(3000); // let the notifier and the timers get stuck waiting on Kafka
            Duration took = daemon.terminate(Duration.ofSeconds(30));
            System.out.println("daemon without Kafka stopped " + took.toMillis() + " ms after SIGTERM");
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0);
            assertTrue(!daemon.logText().contains("Exception in thread"), daemon.logText());
        }
    }
}
