package io.newswatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.Alert;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.testing.DaemonProcess;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged daemon against a real broker, as an operator runs it. The steps share one broker
 * and one data directory, in order: seeds alert, new files and rules are picked up, a broken rule
 * is survived, and a restart alerts nothing twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonIT {
    static final List<String> RULES = List.of("troop-deployment", "treaty", "sanctions");

    @TempDir static Path work;
    static EmbeddedKafka broker;
    static DaemonProcess daemon;
    static Path seeds;
    static Path rules;
    static Map<String, String> env;
    static Set<String> alertIdsBeforeRestart;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", 0);
        seeds = Files.createDirectories(work.resolve("seeds"));
        rules = Files.createDirectories(work.resolve("rules"));
        copyFolder(Path.of("seeds"), seeds);
        copyFolder(Path.of("rules"), rules);
        env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "NEWSWATCH_SEEDS_DIR", seeds.toString(),
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_DATA_DIR", work.resolve("data").toString(),
                "NEWSWATCH_KAFKA_PARTITIONS", "2");
        daemon = DaemonProcess.start(env, work.resolve("daemon.log"));
        daemon.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static void copyFolder(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static String seedId(String prefix) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("seeds"))) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return new DocumentFileReader().read(file, Instant.now()).id();
        }
    }

    @Test
    @Order(1)
    void seedsProduceExactlyTheExpectedAlertsOnEveryTopic() throws Exception {
        Map<String, Set<String>> expected = new HashMap<>();
        for (String seed : List.of("000", "001", "002", "003", "004")) {
            expected.computeIfAbsent("troop-deployment", k -> new HashSet<>()).add(Alert.idFor("troop-deployment", seedId(seed)));
            expected.computeIfAbsent("treaty", k -> new HashSet<>()).add(Alert.idFor("treaty", seedId(seed)));
        }
        for (String seed : List.of("000", "003", "004")) {
            expected.computeIfAbsent("sanctions", k -> new HashSet<>()).add(Alert.idFor("sanctions", seedId(seed)));
        }
        String optional = Alert.idFor("sanctions", seedId("001"));

        try (AlertReader all = new AlertReader(broker.bootstrapServers(), "newswatch.alerts")) {
            all.awaitAtLeast(13, Duration.ofSeconds(60));
            List<Alert> alerts = all.drain(Duration.ofSeconds(3)).stream().map(r -> io.newswatch.alerts.AlertCodec.decode(r.value())).toList();
            Set<String> ids = new HashSet<>();
            alerts.forEach(a -> ids.add(a.id()));
            assertEquals(alerts.size(), ids.size(), "an alert was published twice: " + alerts);
            Set<String> wanted = new HashSet<>();
            expected.values().forEach(wanted::addAll);
            Set<String> extra = new HashSet<>(ids);
            extra.removeAll(wanted);
            extra.remove(optional);
            assertTrue(ids.containsAll(wanted), "missing alerts; got " + alerts);
            assertTrue(extra.isEmpty(), "unexpected alerts " + extra);
            alertIdsBeforeRestart = ids;
        }
        for (String rule : RULES) {
            try (AlertReader reader = new AlertReader(broker.bootstrapServers(), "newswatch.alerts." + rule)) {
                int want = expected.get(rule).size();
                List<Alert> alerts = reader.awaitAtLeast(want, Duration.ofSeconds(30)).stream()
                        .map(r -> io.newswatch.alerts.AlertCodec.decode(r.value())).toList();
                Set<String> ids = new HashSet<>();
                alerts.forEach(a -> {
                    assertEquals(rule, a.rule().id());
                    ids.add(a.id());
                });
                ids.remove(optional);
                assertEquals(expected.get(rule), ids, "alerts on newswatch.alerts." + rule);
            }
        }
    }

    @Test
    @Order(2)
    void aFileDroppedIntoTheSeedsFolderAlertsWithinTenSeconds() throws Exception {
        Files.writeString(seeds.resolve("late-news.txt"), """
                Belarus sends troops to the Polish border

                MINSK, 3 March 2025 — Belarus has deployed two additional brigades to its western border, the defence
                ministry said on Monday, citing exercises with Russian forces stationed in the country.
                """);
        long start = System.nanoTime();
        try (AlertReader reader = new AlertReader(broker.bootstrapServers(), "newswatch.alerts.troop-deployment")) {
            List<Alert> alerts = reader.awaitAtLeast(6, Duration.ofSeconds(10)).stream()
                    .map(r -> io.newswatch.alerts.AlertCodec.decode(r.value())).toList();
            assertTrue(alerts.stream().anyMatch(a -> a.document().path().endsWith("late-news.txt")),
                    "no alert for the dropped file within 10 s; log:\n" + daemon.logText());
        }
        System.out.printf("dropped file alerted after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    @Order(3)
    void aRuleFileAddedAtRunTimeStartsMatching() throws Exception {
        Files.writeString(rules.resolve("grain-exports.yml"), """
                id: grain-exports
                title: Grain exports
                severity: low
                query: grain NEAR/4 (export* OR shipment*)
                examples:
                  match: ["Grain exports from Odesa resumed on Monday."]
                  no_match: ["The wood grain of the table was lovely."]
                """);
        awaitRule("grain-exports");
        Files.writeString(seeds.resolve("grain.txt"), "Grain shipments leave Odesa\n\nThe first grain shipments of the season left Odesa on Tuesday.\n");
        try (AlertReader reader = new AlertReader(broker.bootstrapServers(), "newswatch.alerts.grain-exports")) {
            assertEquals(1, reader.awaitAtLeast(1, Duration.ofSeconds(20)).size(), "log:\n" + daemon.logText());
        }
    }

    @Test
    @Order(4)
    void aBrokenRuleFileLeavesTheDaemonRunningWithTheLastGoodVersion() throws Exception {
        Files.writeString(rules.resolve("grain-exports.yml"), """
                id: grain-exports
                title: Grain exports
                severity: low
                query: grain NEAR/0 (export* OR shipment*
                """);
        Files.writeString(rules.resolve("broken.yml"), "id: broken\ntitle: [unclosed\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = "";
        while (System.nanoTime() < deadline && !(body.contains("broken.yml") && body.contains("last good version"))) {
            Thread.sleep(300);
            body = daemon.get("/api/rules").body();
        }
        assertTrue(body.contains("broken.yml:3:1:"), body);
        assertTrue(body.contains("grain-exports.yml:4:"), body);
        assertTrue(body.contains("last good version"), body);
        assertTrue(daemon.isAlive());
        assertEquals(200, daemon.get("/q/health/live").statusCode());
        var match = daemon.post("/api/match", "Grain exports from Odesa resumed on Monday after the blockade.");
        assertEquals(200, match.statusCode());
        assertTrue(match.body().contains("\"grain-exports\""), "the last good version must still match: " + match.body());
        assertTrue(daemon.logText().contains("broken.yml:3:1:"), "the log names the broken file and line");
    }

    @Test
    @Order(5)
    void metricsCountDocumentsMatchesAndAlerts() throws Exception {
        String metrics = daemon.get("/q/metrics").body();
        assertTrue(metrics.contains("newswatch_documents_ingested_total"), metrics);
        assertTrue(metrics.contains("newswatch_matches_total{rule=\"treaty\""), metrics);
        assertTrue(metrics.contains("newswatch_alerts_published_total"), metrics);
        assertTrue(metrics.contains("newswatch_rules_loaded"), metrics);
        String ready = daemon.get("/q/health/ready").body();
        assertTrue(ready.contains("newswatch pipeline") && ready.contains("RUNNING") && ready.contains("\"reachable\""), ready);
    }

    @Test
    @Order(6)
    void sigtermStopsWithinThirtySecondsAndARestartAlertsNothingTwice() throws Exception {
        Duration took = daemon.terminate(Duration.ofSeconds(30));
        System.out.println("daemon stopped " + took.toMillis() + " ms after SIGTERM");
        int before;
        try (AlertReader all = new AlertReader(broker.bootstrapServers(), "newswatch.alerts")) {
            before = all.drain(Duration.ofSeconds(3)).size();
        }
        daemon = DaemonProcess.start(env, work.resolve("daemon2.log"));
        daemon.awaitReady(Duration.ofSeconds(120));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !duplicatesCounted()) {
            Thread.sleep(500);
        }
        assertTrue(duplicatesCounted(), "the restarted daemon re-read the seeds; log:\n" + daemon.logText());
        try (AlertReader all = new AlertReader(broker.bootstrapServers(), "newswatch.alerts")) {
            assertEquals(before, all.drain(Duration.ofSeconds(5)).size(), "a restart must not publish alerts again");
        }
    }

    static boolean duplicatesCounted() throws Exception {
        String metrics = daemon.get("/q/metrics").body();
        return metrics.lines().anyMatch(l -> l.startsWith("newswatch_documents_duplicates_total") && !l.endsWith(" 0.0"));
    }

    static void awaitRule(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (daemon.get("/api/rules").body().contains("\"id\":\"" + id + "\"")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rule " + id + " not loaded within 10 s:\n" + daemon.logText());
    }
}
