package io.newswatch.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged daemon ({@code target/quarkus-app/quarkus-run.jar}) as a child process, as a
 * container runs it: with exactly the environment given (nothing inherited from the test's own
 * environment, where a stray {@code QUARKUS_*} or {@code KAFKA_BOOTSTRAP_SERVERS} could hide a
 * missing setting), in the given working directory, stopped by SIGTERM.
 */
final class ChildDaemon implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int httpPort;
    private final Path log;

    private ChildDaemon(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * @param httpPort the port {@code env} tells the daemon to serve HTTP on ({@code QUARKUS_HTTP_PORT})
     */
    static ChildDaemon start(Map<String, String> env, Path workdir, int httpPort, Path log) throws IOException {
        Path jar = Path.of(System.getProperty("newswatch.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; integration tests run after `package` (./mvnw verify)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString()))
                .directory(workdir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        return new ChildDaemon(builder.start(), httpPort, log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code /q/health/ready} answers 200, failing with the daemon's log otherwise. */
    void awaitReady(Duration timeout) throws Exception {
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

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as {@code docker stop} sends it; returns how long the daemon took to exit. */
    Duration terminate(Duration patience) throws Exception {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("daemon did not exit within " + patience + " of SIGTERM:\n" + logText());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    int exitValue() {
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
