package io.newswatch.ingest.feeds;

import io.newswatch.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;

/**
 * The poller against a real HTTP server on 127.0.0.1. Every case also lists a healthy control
 * feed and checks that it was still fetched and published, whatever the broken feed did.
 */
class FeedPollerTest {
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final String CONTROL = "Control";

    @TempDir
    Path dataDir;

    private LocalFeedServer server;
    private MutableClock clock;
    private CollectingSink sink;
    private SimpleMeterRegistry registry;
    private FeedPoller poller;
    private final List<FeedPoller> toClose = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        server = new LocalFeedServer();
        clock = new MutableClock(Instant.parse("2024-10-08T12:00:00Z"));
        sink = new CollectingSink();
        registry = new SimpleMeterRegistry();
        server.feed("/control.xml", SampleFeeds.rssWithItems(CONTROL, "control", 2));
        poller = newPoller(settings());
    }

    @AfterEach
    void tearDown() {
        toClose.forEach(FeedPoller::close);
        server.close();
    }

    private FeedPollerSettings settings() {
        return new FeedPollerSettings(INTERVAL, Duration.ZERO, 16, 2, Duration.ofSeconds(2), Duration.ofSeconds(3),
                1024 * 1024, 5, Duration.ofHours(6), 5000, "en", "newswatch/test", Duration.ofSeconds(2));
    }

    private FeedPoller newPoller(FeedPollerSettings settings) throws IOException {
        FeedPoller p = new FeedPoller(settings, sink, new FeedStateStore(dataDir.resolve("feeds")), registry, clock);
        toClose.add(p);
        return p;
    }

    /** Lists the control feed plus the given ones (by path on the test server). */
    private void list(String... paths) {
        List<FeedSpec> specs = new ArrayList<>();
        specs.add(new FeedSpec(server.url("/control.xml"), CONTROL, null, null));
        for (String path : paths) {
            specs.add(FeedSpec.of(server.url(path)));
        }
        poller.setFeeds(specs);
    }

    private FeedStatus status(String path) {
        return poller.status(server.url(path)).orElseThrow();
    }

    private void assertControlPublished() {
        assertEquals(2, sink.from(CONTROL).size(), "the control feed must be unaffected");
        assertNull(poller.status(server.url("/control.xml")).orElseThrow().lastError());
    }

    @Test
    void publishesItemsOfRss20RdfAndAtomFeedsAsDocuments() throws Exception {
        server.feed("/rss.xml", SampleFeeds.rss20("RSS Feed",
                SampleFeeds.rssItem("guid-1", "https://News.Example.org/a/1?utm_source=rss&id=7#top", "First &amp; best",
                        "<p>Hello <b>world</b>.</p><style>p{}</style><p>Second&nbsp;para.</p>")));
        server.feed("/rdf.xml", SampleFeeds.rdf("RDF Feed", "https://rdf.example.org/item/1", "RDF item"));
        server.route("/atom.xml", ex -> LocalFeedServer.send(ex, 200, "application/atom+xml",
                SampleFeeds.atom10("Atom Feed", "tag:example.org,2024:1", "https://atom.example.org/e/1", "Atom entry")
                        .getBytes(StandardCharsets.UTF_8)));
        poller.setFeeds(List.of(
                new FeedSpec(server.url("/control.xml"), CONTROL, null, null),
                FeedSpec.of(server.url("/rss.xml")),
                new FeedSpec(server.url("/rdf.xml"), "rdf", null, "fr"),
                FeedSpec.of(server.url("/atom.xml"))));

        FeedPoller.PollSummary summary = poller.pollDue();

        assertEquals(new FeedPoller.PollSummary(4, 4, 0, 0, 0, 5), summary);
        Document rss = sink.from("RSS Feed").getFirst();
        assertEquals(DocumentIds.forUrl("https://news.example.org/a/1?id=7"), rss.id());
        assertEquals("https://news.example.org/a/1?id=7", rss.location());
        assertEquals("First & best", rss.title());
        assertEquals("Hello world.\n\nSecond para.", rss.body(), "paragraphs as the file reader gives them");
        assertEquals(Instant.parse("2024-10-08T10:00:00Z"), rss.published());
        assertEquals("en", rss.language(), "from the channel's <language>en-us</language>");
        assertEquals(clock.instant(), rss.ingested());

        Document rdf = sink.from("rdf").getFirst();
        assertEquals("RDF item", rdf.title());
        assertEquals("RDF & RSS 1.0 body", rdf.body());
        assertEquals("fr", rdf.language(), "the list entry's language wins");
        assertEquals(List.of("Ada Lovelace"), rdf.authors());
        assertEquals(List.of("science"), rdf.categories());
        assertEquals(Instant.parse("2024-10-08T09:30:00Z"), rdf.published());

        Document atom = sink.from("Atom Feed").getFirst();
        assertEquals("Atom entry", atom.title());
        assertEquals("Erster Absatz.\n\nZweiter & letzter.", atom.body(), "script dropped, entities decoded");
        assertEquals("de", atom.language());
        assertEquals(List.of("Grace Hopper"), atom.authors());
        assertEquals(List.of("politik"), atom.categories());
        assertEquals(Instant.parse("2024-10-08T11:00:00Z"), atom.published());
        assertEquals(DocumentIds.forUrl("https://atom.example.org/e/1"), atom.id());

        assertControlPublished();
        for (LocalFeedServer.Request request : server.requests()) {
            assertEquals("newswatch/test", request.header("User-Agent"));
            assertEquals("gzip", request.header("Accept-Encoding"));
        }
        assertEquals(1.0, registry.get(FeedMetrics.ITEMS).tag("feed", server.url("/rss.xml")).counter().count());
        assertEquals(1, registry.get(FeedMetrics.LATENCY).tag("feed", "rdf").timer().count());
    }

    @Test
    void sendsEtagBackAndPublishesNothingOnNotModified() throws Exception {
        server.route("/etag.xml", ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                LocalFeedServer.send(ex, 304, null, null);
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            LocalFeedServer.send(ex, 200, "application/rss+xml", SampleFeeds.rssWithItems("Etag", "etag", 3).getBytes(StandardCharsets.UTF_8));
        });
        list("/etag.xml");
        poller.pollDue();
        clock.advance(INTERVAL.plusSeconds(1));

        FeedPoller.PollSummary second = poller.pollDue();

        assertEquals(1, second.notModified());
        assertEquals(3, sink.from("Etag").size());
        List<LocalFeedServer.Request> requests = server.requests("/etag.xml");
        assertNull(requests.get(0).header("If-None-Match"));
        assertEquals("\"v1\"", requests.get(1).header("If-None-Match"));
        assertEquals(1.0, registry.get(FeedMetrics.NOT_MODIFIED).tag("feed", server.url("/etag.xml")).counter().count());
        assertEquals(2.0, registry.get(FeedMetrics.FETCHES).tag("feed", server.url("/etag.xml")).counter().count());
        assertNotNull(status("/etag.xml").lastSuccess());
        assertControlPublished();
    }

    @Test
    void sendsLastModifiedBackAndPublishesNothingOnNotModified() throws Exception {
        String stamp = "Tue, 08 Oct 2024 10:00:00 GMT";
        server.route("/lm.xml", ex -> {
            if (stamp.equals(ex.getRequestHeaders().getFirst("If-Modified-Since"))) {
                LocalFeedServer.send(ex, 304, null, null);
                return;
            }
            ex.getResponseHeaders().set("Last-Modified", stamp);
            LocalFeedServer.send(ex, 200, "application/rss+xml", SampleFeeds.rssWithItems("LM", "lm", 2).getBytes(StandardCharsets.UTF_8));
        });
        list("/lm.xml");
        poller.pollDue();
        clock.advance(INTERVAL.plusSeconds(1));

        assertEquals(1, poller.pollDue().notModified());

        assertEquals(stamp, server.requests("/lm.xml").get(1).header("If-Modified-Since"));
        assertEquals(2, sink.from("LM").size());
        assertControlPublished();
    }

    @Test
    void decodesGzipBodies() throws Exception {
        server.route("/gzip.xml", ex -> {
            assertEquals("gzip", ex.getRequestHeaders().getFirst("Accept-Encoding"));
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalFeedServer.send(ex, 200, "application/rss+xml",
                    LocalFeedServer.gzip(SampleFeeds.rssWithItems("Gzip", "gz", 4).getBytes(StandardCharsets.UTF_8)));
        });
        list("/gzip.xml");

        poller.pollDue();

        assertEquals(4, sink.from("Gzip").size());
        assertControlPublished();
    }

    private void redirectChain(String prefix, int hops, int status, String target) {
        for (int i = 0; i < hops; i++) {
            String next = i + 1 < hops ? prefix + (i + 1) : target;
            server.route(prefix + i, ex -> {
                ex.getResponseHeaders().set("Location", next);
                LocalFeedServer.send(ex, status, null, null);
            });
        }
    }

    @Test
    void followsAChainOfFiveRedirects() throws Exception {
        server.feed("/final.xml", SampleFeeds.rssWithItems("Final", "final", 1));
        redirectChain("/hop", 5, 302, "/final.xml");
        list("/hop0");

        poller.pollDue();

        assertEquals(1, sink.from("Final").size());
        assertEquals(server.url("/hop0"), status("/hop0").currentUrl(), "302 is temporary: the url stays");
        assertControlPublished();
    }

    @Test
    void failsOnMoreThanFiveRedirects() throws Exception {
        server.feed("/final.xml", SampleFeeds.rssWithItems("Final", "final", 1));
        redirectChain("/loop", 6, 307, "/final.xml");
        list("/loop0");

        poller.pollDue();

        FeedStatus status = status("/loop0");
        assertEquals("redirects", status.lastErrorKind());
        assertTrue(status.lastErrorReason().startsWith("more than 5 redirects starting at " + server.url("/loop0")), status.lastErrorReason());
        assertTrue(server.requests("/final.xml").isEmpty());
        assertEquals(1.0, registry.get(FeedMetrics.ERRORS).tag("feed", server.url("/loop0")).tag("kind", "redirects").counter().count());
        assertControlPublished();
    }

    @Test
    void permanentRedirectMovesTheFeedForLaterPolls() throws Exception {
        server.feed("/new.xml", SampleFeeds.rssWithItems("Moved", "moved", 1));
        redirectChain("/old", 1, 301, "/new.xml");
        list("/old0");
        poller.pollDue();
        assertEquals(server.url("/new.xml"), status("/old0").currentUrl());

        clock.advance(INTERVAL.plusSeconds(1));
        poller.pollDue();

        assertEquals(1, server.requests("/old0").size(), "the second poll goes straight to the new url");
        assertEquals(2, server.requests("/new.xml").size());
        assertEquals(1, sink.from("Moved").size());
        FeedPoller restarted = newPoller(settings());
        restarted.setFeeds(List.of(FeedSpec.of(server.url("/old0"))));
        assertEquals(server.url("/new.xml"), restarted.status(server.url("/old0")).orElseThrow().currentUrl(),
                "the move survives a restart");
        assertControlPublished();
    }

    @Test
    void goneDisablesTheFeed() throws Exception {
        server.route("/gone.xml", ex -> LocalFeedServer.send(ex, 410, "text/plain", "gone".getBytes(StandardCharsets.UTF_8)));
        list("/gone.xml");

        FeedPoller.PollSummary first = poller.pollDue();
        clock.advance(Duration.ofDays(2));
        poller.pollDue();

        assertEquals(1, first.disabled());
        FeedStatus status = status("/gone.xml");
        assertTrue(status.disabled());
        assertEquals("gone", status.lastErrorKind());
        assertTrue(status.disabledReason().contains("410"));
        assertEquals(1, server.requests("/gone.xml").size(), "a gone feed is not polled again");
        assertEquals(2, server.requests("/control.xml").size());
        assertControlPublished();

        poller.setFeeds(List.of(new FeedSpec(server.url("/control.xml"), CONTROL, null, null)));
        list("/gone.xml");
        assertFalse(status("/gone.xml").disabled(), "listing it again is the operator's retry");
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterSeconds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.route("/busy.xml", ex -> {
            if (calls.getAndIncrement() == 0) {
                ex.getResponseHeaders().set("Retry-After", "1800");
                LocalFeedServer.send(ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
            } else {
                LocalFeedServer.send(ex, 200, "application/rss+xml", SampleFeeds.rssWithItems("Busy", "busy", 1).getBytes(StandardCharsets.UTF_8));
            }
        });
        list("/busy.xml");
        Instant start = clock.instant();

        poller.pollDue();

        FeedStatus status = status("/busy.xml");
        assertEquals("rate-limited", status.lastErrorKind());
        assertEquals(start.plusSeconds(1800), status.nextFetch(), "Retry-After, not the 10 min interval or back-off");
        clock.advance(Duration.ofMinutes(29));
        poller.pollDue();
        assertEquals(1, calls.get(), "not asked again before Retry-After");
        clock.advance(Duration.ofMinutes(1));
        poller.pollDue();
        assertEquals(1, sink.from("Busy").size());
        assertControlPublished();
    }

    @Test
    void unavailableWaitsForRetryAfterDate() throws Exception {
        Instant retryAt = clock.instant().plus(Duration.ofMinutes(45));
        server.route("/maint.xml", ex -> {
            ex.getResponseHeaders().set("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt.atZone(ZoneOffset.UTC)));
            LocalFeedServer.send(ex, 503, "text/plain", "maintenance".getBytes(StandardCharsets.UTF_8));
        });
        list("/maint.xml");

        poller.pollDue();

        FeedStatus status = status("/maint.xml");
        assertEquals("unavailable", status.lastErrorKind());
        assertEquals(retryAt, status.nextFetch());
        assertControlPublished();
    }

    @Test
    void serverErrorsBackOffExponentiallyAndRecover() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.route("/flaky.xml", ex -> {
            if (calls.getAndIncrement() < 2) {
                LocalFeedServer.send(ex, 500, "text/plain", "oops".getBytes(StandardCharsets.UTF_8));
            } else {
                LocalFeedServer.send(ex, 200, "application/rss+xml", SampleFeeds.rssWithItems("Flaky", "flaky", 2).getBytes(StandardCharsets.UTF_8));
            }
        });
        list("/flaky.xml");

        poller.pollDue();
        FeedStatus afterFirst = status("/flaky.xml");
        assertEquals("http-status", afterFirst.lastErrorKind());
        assertEquals("HTTP 500 from " + server.url("/flaky.xml"), afterFirst.lastErrorReason());
        assertEquals(clock.instant().plus(INTERVAL.multipliedBy(2)), afterFirst.nextFetch());

        clock.advance(INTERVAL.multipliedBy(2));
        poller.pollDue();
        assertEquals(2, status("/flaky.xml").consecutiveErrors());
        assertEquals(clock.instant().plus(INTERVAL.multipliedBy(4)), status("/flaky.xml").nextFetch());

        clock.advance(INTERVAL.multipliedBy(4));
        poller.pollDue();
        FeedStatus recovered = status("/flaky.xml");
        assertEquals(0, recovered.consecutiveErrors());
        assertEquals(clock.instant(), recovered.lastSuccess());
        assertEquals(clock.instant().plus(INTERVAL), recovered.nextFetch());
        assertEquals(2, sink.from("Flaky").size());
        assertEquals(2.0, registry.get(FeedMetrics.ERRORS).tag("feed", server.url("/flaky.xml")).tag("kind", "http-status").counter().count());
        assertControlPublished();
    }

    @Test
    void backOffIsCappedAtSixHours() throws Exception {
        server.route("/down.xml", ex -> LocalFeedServer.send(ex, 502, "text/plain", "bad gateway".getBytes(StandardCharsets.UTF_8)));
        list("/down.xml");
        for (int i = 0; i < 8; i++) {
            poller.pollDue();
            clock.advance(Duration.ofHours(7));
        }
        FeedStatus status = status("/down.xml");
        assertEquals(8, status.consecutiveErrors());
        assertEquals(status.lastError().plus(Duration.ofHours(6)), status.nextFetch());
        assertControlPublished();
    }

    @Test
    void endlessSlowBodyTimesOutWithoutHoldingUpOtherFeeds() throws Exception {
        server.route("/slow.xml", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>".getBytes(StandardCharsets.UTF_8));
                while (true) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        poller = newPoller(settings().withReadTimeout(Duration.ofSeconds(1)));
        list("/slow.xml");

        long start = System.nanoTime();
        poller.pollDue();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        FeedStatus status = status("/slow.xml");
        assertEquals("timeout", status.lastErrorKind());
        assertTrue(status.lastErrorReason().contains("read timeout"), status.lastErrorReason());
        assertTrue(tookMs < 10_000, "gave up after the timeouts, took " + tookMs + " ms");
        assertControlPublished();
    }

    @Test
    void readTimeoutBoundsTheWholeExchangeAndIsNotExtendedByTheConnectTimeout() throws Exception {
        server.route("/trickle.xml", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 400; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(25);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FeedPollerSettings base = settings();
        poller = newPoller(new FeedPollerSettings(base.defaultInterval(), base.jitter(), base.maxConcurrency(), base.perHostConcurrency(),
                Duration.ofSeconds(4), Duration.ofSeconds(1), base.maxBodyBytes(), base.maxRedirects(), base.maxBackoff(),
                base.seenIdsPerFeed(), base.defaultLanguage(), base.userAgent(), base.shutdownTimeout()));
        poller.setFeeds(List.of(FeedSpec.of(server.url("/trickle.xml"))));

        long start = System.nanoTime();
        poller.pollDue();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        FeedStatus status = status("/trickle.xml");
        assertEquals("timeout", status.lastErrorKind());
        assertTrue(status.lastErrorReason().contains("within 1 s (read timeout)"), status.lastErrorReason());
        assertTrue(tookMs >= 900 && tookMs < 2500, "a 1 s read timeout (connect timeout 4 s) took " + tookMs + " ms");
    }

    @Test
    void aListedWebPageIsResolvedToTheFeedItAnnouncesAndThatFeedIsPolledFromThenOn() throws Exception {
        server.route("/news/", ex -> LocalFeedServer.send(ex, 200, "text/html; charset=utf-8", """
                <!DOCTYPE html><html><head><title>Example News</title>
                <link rel="alternate" type="application/rss+xml" title="Top stories" href="/news/top.rss">
                </head><body><h1>News</h1></body></html>""".getBytes(StandardCharsets.UTF_8)));
        server.feed("/news/top.rss", SampleFeeds.rssWithItems("Top", "top", 3));
        server.route("/plain.html", ex -> LocalFeedServer.send(ex, 200, "text/html",
                "<html><body>no feed here</body></html>".getBytes(StandardCharsets.UTF_8)));
        list("/news/", "/plain.html");

        poller.pollDue();

        FeedStatus page = status("/news/");
        assertEquals(3, sink.from("Top").size());
        assertNull(page.lastError());
        assertEquals(server.url("/news/top.rss"), page.discoveredUrl());
        assertEquals(server.url("/news/top.rss"), page.currentUrl());
        assertEquals(server.url("/news/"), page.url(), "the listed url stays the feed's identity");
        FeedStatus plain = status("/plain.html");
        assertEquals("parse", plain.lastErrorKind());
        assertTrue(plain.lastErrorReason().startsWith("got an HTML page, not a feed (and the page announces no feed"), plain.lastErrorReason());
        assertNull(plain.discoveredUrl());

        clock.advance(INTERVAL.multipliedBy(2));
        poller.pollDue();
        assertEquals(1, server.requests("/news/").size(), "the page is not fetched again once its feed is known");
        assertEquals(2, server.requests("/news/top.rss").size());
        assertEquals(3, sink.from("Top").size());
        assertControlPublished();
    }

    @Test
    void itemsWithoutLinkOrGuidArePublishedOnceKeyedByTheirText() throws Exception {
        server.feed("/ticker.xml", SampleFeeds.rss20("Ticker",
                "<item><title>Markets open higher</title><description>Stocks rose.</description></item>",
                "<item><description>Rain expected tonight.</description></item>",
                "<item><title>Markets open higher</title><description>Stocks rose.</description></item>",
                "<item><category>empty</category></item>"));
        list("/ticker.xml");

        poller.pollDue();
        clock.advance(INTERVAL.multipliedBy(2));
        poller.pollDue();

        List<Document> published = sink.from("Ticker");
        assertEquals(2, published.size(), published.toString());
        assertEquals(1, published.stream().filter(d -> d.title().equals("Markets open higher")).count());
        assertEquals(1, published.stream().filter(d -> d.body().contains("Rain expected tonight.")).count());
        assertEquals(2, status("/ticker.xml").itemsSeen());
        assertEquals(2, server.requests("/ticker.xml").size());
    }

    @Test
    void oversizedBodyIsAnErrorForThatFeed() throws Exception {
        String big = SampleFeeds.rss20("Big", "<item><title>x</title><description>" + "a".repeat(2 * 1024 * 1024) + "</description></item>");
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        server.route("/big.xml", ex -> LocalFeedServer.send(ex, 200, "application/rss+xml", bytes));
        server.route("/big-chunked.xml", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.route("/bomb.gz", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalFeedServer.send(ex, 200, "application/rss+xml", LocalFeedServer.gzip(bytes));
        });
        list("/big.xml", "/big-chunked.xml", "/bomb.gz");

        poller.pollDue();

        for (String path : List.of("/big.xml", "/big-chunked.xml", "/bomb.gz")) {
            FeedStatus status = status(path);
            assertEquals("too-large", status.lastErrorKind(), path);
            assertTrue(status.lastErrorReason().contains("1048576 bytes (max-body-size)"), status.lastErrorReason());
        }
        assertTrue(LocalFeedServer.gzip(bytes).length < 1024 * 1024, "the gzip body itself is under the cap");
        assertControlPublished();
    }

    @Test
    void malformedXmlIsAParseErrorForThatFeed() throws Exception {
        server.feed("/broken.xml", "<?xml version=\"1.0\"?>\n<notafeed>\n<channel><title>Broken</title>\n<item><title>unclosed</item>\n</channel></notafeed>");
        server.route("/html.xml", ex -> LocalFeedServer.send(ex, 200, "text/html",
                "<!DOCTYPE html><html><body><p>Not a feed</p></body></html>".getBytes(StandardCharsets.UTF_8)));
        server.route("/empty.xml", ex -> LocalFeedServer.send(ex, 200, "application/rss+xml", new byte[0]));
        list("/broken.xml", "/html.xml", "/empty.xml");

        poller.pollDue();

        FeedStatus broken = status("/broken.xml");
        assertEquals("parse", broken.lastErrorKind());
        assertTrue(broken.lastErrorReason().startsWith("not an RSS, Atom or JSON feed (root element <notafeed>)"),
                broken.lastErrorReason());
        assertTrue(broken.lastErrorReason().endsWith("(from " + server.url("/broken.xml") + ")"));
        assertTrue(status("/html.xml").lastErrorReason().startsWith("got an HTML page, not a feed"),
                status("/html.xml").lastErrorReason());
        assertTrue(status("/empty.xml").lastErrorReason().startsWith("empty response body"));
        assertControlPublished();
    }

    @Test
    void xxeAttemptIsNeverResolved() throws Exception {
        Path secret = Files.writeString(dataDir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        server.route("/xxe-target", ex -> LocalFeedServer.send(ex, 200, "text/plain", "REMOTE-ENTITY-CONTENT".getBytes(StandardCharsets.UTF_8)));
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE rss [
                  <!ENTITY file SYSTEM "%s">
                  <!ENTITY remote SYSTEM "%s">
                ]>
                <rss version="2.0"><channel><title>XXE</title>
                <item><guid>x1</guid><link>https://evil.example/1</link><title>file: &file;</title><description>remote: &remote;</description></item>
                </channel></rss>
                """.formatted(secret.toUri(), server.url("/xxe-target"));
        server.feed("/xxe.xml", xxe);
        list("/xxe.xml");

        poller.pollDue();

        assertTrue(server.requests("/xxe-target").isEmpty(), "the external entity URL was never requested");
        for (Document d : sink.documents) {
            assertFalse(d.title().contains("TOP-SECRET") || d.body().contains("TOP-SECRET"), "file content leaked");
            assertFalse(d.body().contains("REMOTE-ENTITY"), "remote content leaked");
        }
        List<Document> items = sink.from("XXE");
        assertEquals(1, items.size(), "ingested with the entities left as written");
        assertEquals("file: &file;", items.getFirst().title());
        assertEquals("remote: &remote;", items.getFirst().body());
        assertControlPublished();
    }

    @Test
    void entityBombIsNotExpanded() throws Exception {
        StringBuilder decl = new StringBuilder("<!ENTITY lol0 \"lollollollollollollollollollol\">\n");
        for (int i = 1; i <= 9; i++) {
            decl.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n" + decl + "]>\n"
                + "<rss version=\"2.0\"><channel><title>Bomb</title><item><guid>b1</guid><link>https://bomb.example/1</link>"
                + "<title>boom</title><description>&lol9;</description></item></channel></rss>";
        server.feed("/bomb.xml", bomb);
        list("/bomb.xml");

        poller.pollDue();

        for (Document d : sink.documents) {
            assertTrue(d.body().length() < 1000, "nothing was expanded");
        }
        assertEquals("&lol9;", sink.from("Bomb").getFirst().body());
        assertControlPublished();
    }

    @Test
    void readsFeedsWhoseDeclaredEncodingIsWrong() throws Exception {
        String latin = SampleFeeds.rss20("Latin", SampleFeeds.rssItem("l1", "https://enc.example/1", "Café in Zürich", "Grüße"));
        server.route("/latin.xml", ex -> LocalFeedServer.send(ex, 200, "application/rss+xml; charset=utf-8",
                latin.getBytes(StandardCharsets.ISO_8859_1)));
        String utf8 = SampleFeeds.rss20("Utf8", SampleFeeds.rssItem("u1", "https://enc.example/2", "Crème brûlée", "Ørsted"))
                .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
        server.route("/utf8.xml", ex -> LocalFeedServer.send(ex, 200, "text/xml; charset=iso-8859-1",
                utf8.getBytes(StandardCharsets.UTF_8)));
        list("/latin.xml", "/utf8.xml");

        poller.pollDue();

        assertEquals("Café in Zürich", sink.from("Latin").getFirst().title());
        assertEquals("Grüße", sink.from("Latin").getFirst().body());
        assertEquals("Crème brûlée", sink.from("Utf8").getFirst().title());
        assertControlPublished();
    }

    @Test
    void publishesAnItemListedByTwoFeedsOnce() throws Exception {
        server.feed("/a.xml", SampleFeeds.rss20("Feed A",
                SampleFeeds.rssItem("a-1", "https://shared.example/story?utm_source=a", "Shared story", "body"),
                SampleFeeds.rssItem("a-2", "https://a.example/only", "Only A", "body")));
        server.feed("/b.xml", SampleFeeds.rss20("Feed B",
                SampleFeeds.rssItem("b-1", "https://SHARED.example/story?utm_medium=feed#comments", "Shared story (B)", "body"),
                SampleFeeds.rssItem("b-2", "https://b.example/only", "Only B", "body")));
        list("/a.xml", "/b.xml");

        poller.pollDue();

        assertEquals(1, sink.documents.stream().filter(d -> d.location().equals("https://shared.example/story")).count());
        assertEquals(5, sink.documents.size(), "2 control + 2 unique + the shared one once");
        clock.advance(INTERVAL.plusSeconds(1));
        assertEquals(0, poller.pollDue().published());
        assertControlPublished();
    }

    @Test
    void doesNotRepublishItemsAfterARestart() throws Exception {
        AtomicInteger version = new AtomicInteger(1);
        server.route("/news.xml", ex -> {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < version.get() + 2; i++) {
                items.add(SampleFeeds.rssItem("n-" + i, "https://news.example/" + i, "News " + i, "body " + i));
            }
            LocalFeedServer.send(ex, 200, "application/rss+xml", SampleFeeds.rss20("News", items.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8));
        });
        list("/news.xml");
        poller.pollDue();
        assertEquals(3, sink.from("News").size());
        poller.close();

        version.set(2);
        clock.advance(INTERVAL.plusSeconds(1));
        poller = newPoller(settings());
        list("/news.xml");
        poller.pollDue();

        assertEquals(List.of("News 0", "News 1", "News 2", "News 3"), sink.from("News").stream().map(Document::title).toList());
        assertEquals(4, status("/news.xml").itemsSeen());
        assertEquals(2, sink.from(CONTROL).size(), "the control feed's items are not published again either");
    }

    @Test
    void anItemIsSeenOnlyAfterThePublishSucceeded() throws Exception {
        server.route("/pub.xml", ex -> {
            ex.getResponseHeaders().set("ETag", "\"same\"");
            if ("\"same\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                LocalFeedServer.send(ex, 304, null, null);
                return;
            }
            LocalFeedServer.send(ex, 200, "application/rss+xml", SampleFeeds.rssWithItems("Pub", "pub", 3).getBytes(StandardCharsets.UTF_8));
        });
        poller.setFeeds(List.of(FeedSpec.of(server.url("/pub.xml"))));
        sink.failNext(1);

        poller.pollDue();
        FeedStatus failed = status("/pub.xml");
        assertEquals("publish", failed.lastErrorKind());
        assertTrue(failed.lastErrorReason().contains("broker unavailable"), failed.lastErrorReason());
        assertEquals(0, sink.documents.size());

        clock.advance(INTERVAL.multipliedBy(2));
        poller.pollDue();

        assertNull(server.requests("/pub.xml").get(1).header("If-None-Match"), "validators are kept back until all items are out");
        assertEquals(3, sink.from("Pub").size());
        assertEquals(0, status("/pub.xml").consecutiveErrors());
    }

    @Test
    void limitsConcurrentRequestsPerHost() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        List<FeedSpec> specs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = "/slowish" + i + ".xml";
            byte[] body = SampleFeeds.rssWithItems("S" + i, "s" + i, 1).getBytes(StandardCharsets.UTF_8);
            server.route(path, ex -> {
                String host = ex.getRequestHeaders().getFirst("Host");
                int now = active.incrementAndGet();
                maxActive.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                active.decrementAndGet();
                LocalFeedServer.send(ex, 200, "application/rss+xml", body);
            });
            specs.add(FeedSpec.of(i % 2 == 0 ? server.url(path) : server.urlAsLocalhost(path)));
        }
        poller.setFeeds(specs);

        poller.pollDue();

        assertEquals(6, sink.documents.size());
        assertEquals(4, maxActive.get(), "two hosts (127.0.0.1 and localhost), two requests each");
    }

    @Test
    void connectionRefusedIsAConnectError() throws Exception {
        int closedPort;
        try (LocalFeedServer other = new LocalFeedServer()) {
            closedPort = other.port();
        }
        String url = "http://127.0.0.1:" + closedPort + "/feed.xml";
        poller.setFeeds(List.of(new FeedSpec(server.url("/control.xml"), CONTROL, null, null), FeedSpec.of(url)));

        poller.pollDue();

        FeedStatus status = poller.status(url).orElseThrow();
        assertEquals("connect", status.lastErrorKind());
        assertTrue(status.lastErrorReason().startsWith("cannot connect to 127.0.0.1:" + closedPort), status.lastErrorReason());
        assertControlPublished();
    }

    @Test
    void schedulerPollsInTheBackgroundAndStopsPromptly() throws Exception {
        server.route("/hang.xml", ex -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        poller = newPoller(new FeedPollerSettings(INTERVAL, Duration.ZERO, 16, 2, Duration.ofSeconds(2), Duration.ofSeconds(60),
                1024 * 1024, 5, Duration.ofHours(6), 5000, "en", "newswatch/test", Duration.ofMillis(500)));
        list("/hang.xml");

        poller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.from(CONTROL).size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.requests("/hang.xml").isEmpty());
        long start = System.nanoTime();
        poller.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(tookMs < 4000, "close() aborted the hanging fetch, took " + tookMs + " ms");
        assertNull(status("/hang.xml").lastFetch(), "an aborted poll records nothing");
    }

    @Test
    void removedFeedsAreNoLongerPolled() throws Exception {
        server.feed("/temp.xml", SampleFeeds.rssWithItems("Temp", "temp", 1));
        list("/temp.xml");
        poller.pollDue();

        list();
        clock.advance(INTERVAL.plusSeconds(1));
        poller.pollDue();

        assertEquals(1, server.requests("/temp.xml").size());
        assertTrue(poller.status(server.url("/temp.xml")).isEmpty());
        assertEquals(1, poller.status().size());
        assertTrue(registry.find(FeedMetrics.FETCHES).tag("feed", server.url("/temp.xml")).meters().isEmpty(), "its meters are gone");
    }

    @Test
    void aHandEditedStateFileWithBadIdsDoesNotStopTheFeed() throws Exception {
        server.feed("/edited.xml", SampleFeeds.rssWithItems("Edited", "edited", 2));
        String url = server.url("/edited.xml");
        new FeedStateStore(dataDir.resolve("feeds")).save(new FeedState(url, url, null, null, null, null, null, null, null, null, null,
                0, 0, clock.instant(), false, null, List.of("not-a-hex-id")), false);
        list("/edited.xml");

        poller.pollDue();

        assertEquals(2, sink.from("Edited").size());
        assertControlPublished();
    }
}
