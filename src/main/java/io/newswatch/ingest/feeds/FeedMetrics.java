package io.newswatch.ingest.feeds;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-feed meters, tagged {@code feed} with the feed's label (its name, else its url), so a
 * dashboard can single out the feed that keeps failing. Prometheus names:
 * {@code newswatch_feed_fetches_total}, {@code newswatch_feed_not_modified_total},
 * {@code newswatch_feed_errors_total{kind}}, {@code newswatch_feed_items_total},
 * {@code newswatch_feed_fetch_seconds}.
 */
final class FeedMetrics {
    static final String FETCHES = "newswatch.feed.fetches";
    static final String NOT_MODIFIED = "newswatch.feed.not.modified";
    static final String ERRORS = "newswatch.feed.errors";
    static final String ITEMS = "newswatch.feed.items";
    static final String LATENCY = "newswatch.feed.fetch";

    private final MeterRegistry registry;

    FeedMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every HTTP poll, whatever its outcome, with the time it took to get the response. */
    void fetched(String feed, Duration latency) {
        Counter.builder(FETCHES).description("Feed fetches attempted").tag("feed", feed).register(registry).increment();
        Timer.builder(LATENCY).description("Time to fetch a feed, redirects included").tag("feed", feed)
                .register(registry).record(latency);
    }

    void notModified(String feed) {
        Counter.builder(NOT_MODIFIED).description("Fetches answered 304 Not Modified").tag("feed", feed)
                .register(registry).increment();
    }

    void error(String feed, FetchErrorKind kind) {
        Counter.builder(ERRORS).description("Failed polls by kind").tag("feed", feed).tag("kind", kind.tag())
                .register(registry).increment();
    }

    void items(String feed, int count) {
        Counter.builder(ITEMS).description("New items published").tag("feed", feed).register(registry).increment(count);
    }

    /** Removes a feed's meters once it left the list, so they stop being exported. */
    void remove(String feed) {
        for (String name : new String[] {FETCHES, NOT_MODIFIED, ERRORS, ITEMS, LATENCY}) {
            for (Meter meter : registry.find(name).tag("feed", feed).meters()) {
                registry.remove(meter);
            }
        }
    }
}
