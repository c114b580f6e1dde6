package io.newswatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.testing.DaemonProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code ./newswatch}, as a user runs it: from the repository root,
 * {@code JAVA_HOME} unset (the default java on this machine is 17), stopped with SIGTERM. The
 * launcher must exec the JVM, so the signal reaches the daemon and both ports are free afterwards,
 * and a second start with nothing changed must not rebuild and be ready within 30 s.
 */
class LauncherIT {
    @TempDir Path work;

    @Test
    void sigtermToTheLauncherStopsTheDaemonAndASecondStartIsReadyWithin30Seconds() throws Exception {
        int kafkaPort = DaemonProcess.freePort();
        Map<String, String> env = Map.of(
                "NEWSWATCH_KAFKA_PORT", String.valueOf(kafkaPort),
                "NEWSWATCH_DATA_DIR", work.resolve("data").toString(),
                "NEWSWATCH_FEEDS_ENABLED", "false");

        int firstHttp = DaemonProcess.freePort();
        try (DaemonProcess first = DaemonProcess.launch(env, firstHttp, work.resolve("first.log"))) {
            first.awaitReady(Duration.ofSeconds(180));
            String command = first.handle().info().command().orElse("");
            assertTrue(command.endsWith("/java"), "the launcher execs java (same pid), found " + command);
            assertEquals(0, first.handle().children().count(), "no child process behind the launcher");

            Duration stop = first.terminate(Duration.ofSeconds(10));
            assertTrue(stop.compareTo(Duration.ofSeconds(10)) < 0, "stopped in " + stop);
            assertFree(firstHttp, first);
            assertFree(kafkaPort, first);
        }

        int secondHttp = DaemonProcess.freePort();
        long start = System.nanoTime();
        try (DaemonProcess second = DaemonProcess.launch(env, secondHttp, work.resolve("second.log"))) {
            second.awaitReady(Duration.ofSeconds(30));
            Duration ready = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("LauncherIT: second start ready in %d ms%n", ready.toMillis());
            assertFalse(second.logText().contains("building with ./mvnw"), "nothing changed, nothing rebuilt:\n" + second.logText());
            second.terminate(Duration.ofSeconds(10));
        }
    }

    @Test
    void oneShotCommandsRunThroughTheLauncherWithTheRightJdk() throws Exception {
        Path log = work.resolve("check.log");
        try (DaemonProcess check = DaemonProcess.launch(Map.of(), DaemonProcess.freePort(), log, "check-rules", "--rules", "rules")) {
            assertEquals(0, waitFor(check), Files.readString(log));
            assertTrue(Files.readString(log).contains("rule(s)"), Files.readString(log));
        }
    }

    private static int waitFor(DaemonProcess process) throws Exception {
        process.handle().onExit().get();
        return process.exitValue();
    }

    private static void assertFree(int port, DaemonProcess daemon) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(socket.isBound());
        } catch (IOException e) {
            throw new AssertionError("port " + port + " still in use after the daemon stopped:\n" + daemon.logText(), e);
        }
    }
}
