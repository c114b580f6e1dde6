package io.newswatch.delivery.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP endpoint on 127.0.0.1 for tests: answers with scripted responses (then 200), records
 * every request, verifies each signature with {@link StandardWebhookVerifier}, and keeps the
 * notifications it accepted (2xx) deduplicated by {@code webhook-id}, as a careful receiver would.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One scripted answer. */
    public record Reply(int status, Duration delay, Map<String, String> headers, String body) {
        public static Reply status(int status) {
            return new Reply(status, Duration.ZERO, Map.of(), "");
        }

        public static Reply slow(Duration delay) {
            return new Reply(200, delay, Map.of(), "");
        }
    }

    /** One request as received. */
    public record Request(String path, Map<String, String> headers, byte[] body, int answered, String signatureProblem) {
        public String id() {
            return headers.get("webhook-id");
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final StandardWebhookVerifier verifier;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public WebhookReceiver(String secret) throws IOException {
        this.verifier = new StandardWebhookVerifier(secret, Duration.ofMinutes(5));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next requests get these answers, in order; after them every request gets 200. */
    public WebhookReceiver answer(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Forgets the scripted answers not given yet: every request from now on gets 200. */
    public WebhookReceiver acceptEverything() {
        script.clear();
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests answered 2xx, one per webhook-id (later copies of an id are what a receiver drops). */
    public List<Request> accepted() {
        Map<String, Request> byId = new java.util.LinkedHashMap<>();
        for (Request r : requests) {
            if (r.answered() / 100 == 2) {
                byId.putIfAbsent(r.id(), r);
            }
        }
        return new ArrayList<>(byId.values());
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        Reply reply = script.poll();
        if (reply == null) {
            reply = Reply.status(200);
        }
        String problem = verifier.problem(headers, body, Instant.now());
        requests.add(new Request(exchange.getRequestURI().getPath(), headers, body, reply.status(), problem));
        try {
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
