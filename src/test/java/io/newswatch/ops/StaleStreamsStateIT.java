package io.newswatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.testing.DaemonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator resets the embedded broker by removing {@code data/kafka} and keeps
 * {@code data/streams}: the next start must clear Kafka Streams' local state, which names offsets of
 * the old broker's topics, with one line saying so, instead of Kafka Streams warning per task that
 * it is probably corrupted (offsets beyond the new topics' ends) or reporting a
 * TaskCorruptedException with a stack trace. Without {@code ClusterBoundState} this test fails on the
 * missing line and on those warnings (seen: "Task 1_0 had endOffsetSum=0 smaller than offsetSum=107").
 */
class StaleStreamsStateIT {
    @TempDir Path work;

    @Test
    void aRemovedBrokerStorageClearsTheStreamsStateWithOneLineAndNoError() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> env = Map.of(
                "NEWSWATCH_KAFKA_PORT", String.valueOf(DaemonProcess.freePort()),
                "NEWSWATCH_DATA_DIR", data.toString(),
                "NEWSWATCH_FEEDS_ENABLED", "false");

        try (DaemonProcess first = DaemonProcess.start(env, work.resolve("first.log"))) {
            first.awaitReady(Duration.ofSeconds(180));
            awaitStories(first, Duration.ofSeconds(90));
            first.terminate(Duration.ofSeconds(20));
        }
        assertTrue(Files.isDirectory(data.resolve("streams/newswatch")), "the first run left Kafka Streams state");
        assertTrue(Files.exists(data.resolve("streams.cluster-id")), "the first run bound the state to its broker");

        deleteTree(data.resolve("kafka"));

        try (DaemonProcess second = DaemonProcess.start(env, work.resolve("second.log"))) {
            second.awaitReady(Duration.ofSeconds(180));
            awaitStories(second, Duration.ofSeconds(90));
            second.terminate(Duration.ofSeconds(20));
            String log = second.logText();
            List<String> cleared = log.lines().filter(l -> l.contains("Kafka Streams' local state in")).toList();
            assertEquals(1, cleared.size(), "one line says the state was cleared:\n" + log);
            assertTrue(cleared.getFirst().contains(" INFO ") && cleared.getFirst().contains("cleared it for the new one"), cleared.getFirst());
            // Without the check Kafka Streams warns, per task, "Task 1_0 had endOffsetSum=0 smaller than
            // offsetSum=107 ... This probably means the task is corrupted", or reports a TaskCorruptedException.
            assertFalse(log.contains("TaskCorruptedException") || log.contains("smaller than offsetSum"),
                    "no corrupted tasks reported:\n" + log);
            List<String> errors = log.lines().filter(l -> l.contains(" ERROR [")).toList();
            assertEquals(List.of(), errors, "no ERROR lines:\n" + log);
        }
    }

    /** The seeds' stories, read from Kafka Streams' store: the pipeline has processed and stored state. */
    private static void awaitStories(DaemonProcess daemon, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            var response = daemon.get("/api/stories?since=3650d");
            body = response.body();
            if (response.statusCode() == 200 && body.contains("\"id\"")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no stories within " + timeout + " (last answer: " + body + "):\n" + daemon.logText());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
