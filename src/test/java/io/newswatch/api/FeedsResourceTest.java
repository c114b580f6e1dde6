package io.newswatch.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.newswatch.ingest.DocumentSink;
import io.newswatch.document.Document;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The wired daemon: the feed list file is watched, a feed added to it is polled within seconds,
 * its items reach the {@link DocumentSink} bean and {@code GET /api/feeds} and the metrics
 * endpoint show it.
 */
@QuarkusTest
@TestProfile(FeedsResourceTest.Profile.class)
class FeedsResourceTest {
    /** Per test JVM, so nothing from an earlier run (a feeds file, state) is ever picked up. */
    static final Path DIR = Path.of("target", "feeds-resource-test", ProcessHandle.current().pid() + "-"
            + ManagementFactory.getRuntimeMXBean().getStartTime()).toAbsolutePath();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIR.resolve("seeds"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create " + DIR, e);
            }
            return Map.of(
                    "newswatch.feeds.file", DIR.resolve("feeds.yml").toString(),
                    // an empty seeds folder, so the only documents reaching the sink are the feed's
                    "newswatch.seeds-dir", DIR.resolve("seeds").toString(),
                    "newswatch.data-dir", DIR.resolve("data").toString(),
                    "newswatch.feeds.reload-interval", "200ms",
                    "newswatch.feeds.jitter", "0s",
                    "quarkus.http.test-port", "0");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(CollectingDocumentSink.class);
        }
    }

    /**
     * Stands in for the daemon's Kafka sink. An alternative without a priority is off unless a
     * profile selects it, so other tests in the module keep the real sink.
     */
    @Alternative
    @Singleton
    public static class CollectingDocumentSink implements DocumentSink {
        final List<Document> documents = new CopyOnWriteArrayList<>();

        @Override
        public void publish(Document document) {
            documents.add(document);
        }
    }

    @Inject
    CollectingDocumentSink sink;

    @TestHTTPResource("/api/feeds")
    URL feedsUrl;

    @TestHTTPResource("/q/metrics")
    URL metricsUrl;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private String get(URL url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url.toURI()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void aFeedAddedToTheListIsPolledAndShown() throws Exception {
        List<String> userAgents = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] rss = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Wired</title><link>https://wired.example/</link><description>d</description>
                <item><guid>w-1</guid><link>https://wired.example/1</link><title>Wired item</title><description>It works.</description></item>
                </channel></rss>
                """.getBytes(StandardCharsets.UTF_8);
        server.createContext("/rss.xml", ex -> {
            userAgents.add(ex.getRequestHeaders().getFirst("User-Agent"));
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, rss.length);
            ex.getResponseBody().write(rss);
            ex.close();
        });
        server.start();
        try {
            assertEquals("[]", get(feedsUrl).replace(" ", ""), "no feeds file yet: nothing listed");
            String feed = "http://127.0.0.1:" + server.getAddress().getPort() + "/rss.xml";
            Files.writeString(DIR.resolve("feeds.yml"), "feeds:\n  - url: " + feed + "\n    name: Wired\n    interval: 1h\n");

            await().atMost(Duration.ofSeconds(5)).until(() -> sink.documents.size() == 1);

            Document document = sink.documents.getFirst();
            assertEquals("Wired item", document.title());
            assertEquals("Wired", document.source());
            JsonNode status = json.readTree(get(feedsUrl)).get(0);
            assertEquals("Wired", status.get("name").asText());
            assertEquals(feed, status.get("url").asText());
            assertEquals("PT1H", status.get("interval").asText());
            assertEquals(1, status.get("itemsSeen").asInt());
            assertFalse(status.get("disabled").asBoolean());
            assertTrue(status.get("lastSuccess").isTextual(), "times are ISO-8601 strings: " + status);
            assertTrue(status.get("nextFetch").isTextual());
            assertTrue(status.get("lastError").isNull());
            assertNull(status.get("lastErrorReason").textValue());
            String agent = userAgents.getFirst();
            assertTrue(agent.matches("newswatch/\\d+\\.\\d+\\.\\d+\\S* \\(news monitor; RSS/Atom poller\\)"), agent);
            String metrics = get(metricsUrl);
            assertTrue(metrics.contains("newswatch_feed_fetches_total{feed=\"Wired\"} 1.0"), "fetch counter missing");
            assertTrue(metrics.contains("newswatch_feed_items_total{feed=\"Wired\"} 1.0"), "item counter missing");
            try (var stateFiles = Files.list(DIR.resolve("data").resolve("feeds"))) {
                assertEquals(1, stateFiles.count(), "the feed's state is saved in <data>/feeds");
            }
        } finally {
            server.stop(0);
        }
    }
}
