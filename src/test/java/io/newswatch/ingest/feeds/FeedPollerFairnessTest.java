package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * No host may delay the polls of feeds on other hosts: with far more feeds due on one slow host
 * than the poller has global slots, a feed on another host still keeps its interval. Real HTTP
 * servers on two loopback addresses (127.0.0.1 and 127.0.0.2, two hosts to the poller), the
 * real scheduler and clock.
 */
class FeedPollerFairnessTest {
    private static final Duration FAST_INTERVAL = Duration.ofSeconds(1);
    private static final long SLOW_ANSWER_MS = 6000;

    @TempDir
    Path dataDir;

    @Test
    void aFeedOnAnIdleHostKeepsItsIntervalWhileManyFeedsWaitOnASlowHost() throws Exception {
        int maxConcurrency = 4;
        int slowFeeds = 5 * maxConcurrency;
        FeedPollerSettings settings = new FeedPollerSettings(FAST_INTERVAL, Duration.ZERO, maxConcurrency, 2,
                Duration.ofSeconds(2), Duration.ofSeconds(10), 1024 * 1024, 5, Duration.ofSeconds(30), 1000, "en",
                "newswatch/test", Duration.ofSeconds(1));
        List<Long> fastRequests = new CopyOnWriteArrayList<>();
        try (LocalFeedServer slowHost = new LocalFeedServer("127.0.0.1");
             LocalFeedServer fastHost = new LocalFeedServer("127.0.0.2")) {
            List<FeedSpec> specs = new ArrayList<>();
            for (int i = 0; i < slowFeeds; i++) {
                byte[] body = SampleFeeds.rssWithItems("Slow " + i, "slow" + i, 1).getBytes(StandardCharsets.UTF_8);
                slowHost.route("/section" + i + ".xml", ex -> {
                    try {
                        Thread.sleep(SLOW_ANSWER_MS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    LocalFeedServer.send(ex, 200, "application/rss+xml", body);
                });
                specs.add(new FeedSpec(slowHost.url("/section" + i + ".xml"), "slow-" + i, Duration.ofSeconds(1), null));
            }
            byte[] fastBody = SampleFeeds.rssWithItems("Fast", "fast", 1).getBytes(StandardCharsets.UTF_8);
            fastHost.route("/fast.xml", ex -> {
                fastRequests.add(System.nanoTime());
                LocalFeedServer.send(ex, 200, "application/rss+xml", fastBody);
            });
            specs.add(new FeedSpec(fastHost.url("/fast.xml"), "fast", FAST_INTERVAL, null));

            // class loading and JIT of the first parse (Rome, JDOM, jsoup) take seconds on a busy
            // machine; that is start-up cost, not scheduling, so it is paid before the clock runs
            new FeedParser().parse(fastBody, "application/rss+xml");
            try (FeedPoller poller = new FeedPoller(settings, new CollectingSink(), new FeedStateStore(dataDir),
                    new SimpleMeterRegistry(), Clock.systemUTC())) {
                poller.setFeeds(specs);
                poller.start();
                Thread.sleep(2 * SLOW_ANSWER_MS);
            }
            int slowRequests = 0;
            for (int i = 0; i < slowFeeds; i++) {
                slowRequests += slowHost.requests("/section" + i + ".xml").size();
            }
            long worstGapMs = 0;
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < fastRequests.size(); i++) {
                long gap = (fastRequests.get(i) - fastRequests.get(i - 1)) / 1_000_000;
                gaps.add(gap);
                worstGapMs = Math.max(worstGapMs, gap);
            }
            System.out.println("fairness: gaps between polls of the fast feed (ms): " + gaps);
            System.out.printf("fairness: %d slow feeds on one host (%d requests started in %d s), the fast feed polled %d times,"
                    + " worst gap %d ms for a %d ms interval%n", slowFeeds, slowRequests, 2 * SLOW_ANSWER_MS / 1000,
                    fastRequests.size(), worstGapMs, FAST_INTERVAL.toMillis());
            assertTrue(fastRequests.size() >= 6, "the fast feed was polled only " + fastRequests.size() + " times in "
                    + 2 * SLOW_ANSWER_MS / 1000 + " s");
            assertTrue(worstGapMs < FAST_INTERVAL.toMillis() + 3000, "the fast feed waited " + worstGapMs
                    + " ms between polls (interval " + FAST_INTERVAL.toMillis() + " ms)");
            assertTrue(slowRequests <= 2 * (2 * SLOW_ANSWER_MS / SLOW_ANSWER_MS + 1),
                    "at most 2 requests at a time went to the slow host: " + slowRequests);
        }
    }
}
