package io.newswatch.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged daemon ({@code target/quarkus-app/quarkus-run.jar}) as a child process, the way an
 * operator runs it: configured only by env vars, stopped by SIGTERM. Shared by every integration test.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public final int httpPort;
    public final Path log;
    private final Process process;

    private DaemonProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("newswatch.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; integration tests run after `package` (./mvnw verify)");
        }
        return jar;
    }

    /** Inherits this JVM's environment (without {@code KAFKA_BOOTSTRAP_SERVERS}) plus {@code env}, on a free HTTP port. */
    public static DaemonProcess start(Map<String, String> env, Path log) throws IOException {
        int port = freePort();
        ProcessBuilder builder = builder(log);
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(env);
        return new DaemonProcess(builder.start(), port, log);
    }

    /**
     * Exactly {@code env} and nothing inherited (as in a container), in {@code workdir}.
     *
     * @param httpPort the port {@code env} tells the daemon to serve HTTP on ({@code QUARKUS_HTTP_PORT})
     */
    public static DaemonProcess startClean(Map<String, String> env, Path workdir, int httpPort, Path log) throws IOException {
        ProcessBuilder builder = builder(log).directory(workdir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return new DaemonProcess(builder.start(), httpPort, log);
    }

    /** The repository root (where {@code ./newswatch} and {@code pom.xml} are), from failsafe or the working directory. */
    public static Path repositoryRoot() {
        return Path.of(System.getProperty("newswatch.root", "")).toAbsolutePath();
    }

    /**
     * {@code ./newswatch args...} started from the repository root as a user starts it: without
     * {@code JAVA_HOME} (so the launcher must pick the JDK itself) and without
     * {@code KAFKA_BOOTSTRAP_SERVERS}, plus {@code env}.
     */
    public static DaemonProcess launch(Map<String, String> env, int httpPort, Path log, String... args) throws IOException {
        Path root = repositoryRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve("newswatch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        builder.environment().putAll(env);
        return new DaemonProcess(builder.start(), httpPort, log);
    }

    /** The process as the operating system sees it now (after an exec, the program it became). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    private static ProcessBuilder builder(Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar().toAbsolutePath().toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .header("Content-Type", "text/plain").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code /q/health/ready} answers 200, failing with the daemon's log otherwise. */
    public void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("daemon exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("daemon not ready after " + timeout + ":\n" + logText());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM, as Docker and systemd send it; returns how long the daemon took to exit. */
    public Duration terminate(Duration patience) throws InterruptedException, IOException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("daemon did not stop within " + patience + " of SIGTERM:\n" + logText());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** SIGKILL, as a crash or the OOM killer: no shutdown hook runs, nothing is committed or closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
