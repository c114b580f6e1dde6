package io.newswatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.testing.DaemonProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's port is taken by something else: the daemon must exit 1 within seconds,
 * with the one clear error as its last line, not start HTTP and talk to the foreign socket.
 */
class EmbeddedPortInUseIT {
    @TempDir Path work;

    @Test
    void exitsWithinSecondsWithThePortErrorAsTheLastLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Map<String, String> env = Map.of(
                    "NEWSWATCH_KAFKA_PORT", String.valueOf(port),
                    "NEWSWATCH_DATA_DIR", work.resolve("data").toString(),
                    "NEWSWATCH_FEEDS_ENABLED", "false");
            long start = System.nanoTime();
            try (DaemonProcess daemon = DaemonProcess.start(env, work.resolve("daemon.log"))) {
                boolean exited = daemon.handle().onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get() != null
                        && !daemon.isAlive();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(exited, "still running 30 s after start:\n" + daemon.logText());
                System.out.printf("EmbeddedPortInUseIT: exited in %d ms%n", took.toMillis());
                assertEquals(1, daemon.exitValue(), daemon.logText());
                List<String> lines = daemon.logText().lines().filter(l -> !l.isBlank()).toList();
                String last = lines.getLast();
                assertTrue(last.contains("ERROR") && last.contains("cannot start the embedded Kafka broker on 127.0.0.1:" + port
                        + ": address already in use; set NEWSWATCH_KAFKA_PORT"), "last line: " + last + "\n" + daemon.logText());
                assertFalse(daemon.logText().contains("unreachable"), daemon.logText());
                assertFalse(daemon.logText().contains("Listening on"), "HTTP never starts:\n" + daemon.logText());
                assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
            }
        }
    }
}
