package io.newswatch.ingest.feeds;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that tunes the poller, as plain values so tests can shrink timeouts and caps
 * (a 1 s read timeout makes the slow-body case fast) without a container.
 *
 * @param defaultInterval    poll interval of feeds that set none
 * @param jitter             up to this much is added at random to every scheduled fetch, so
 *                           feeds listed together do not stay in lock-step
 * @param maxConcurrency     requests in flight and feeds parsed at once, over all hosts; a
 *                           request takes a slot only once its host allows it
 * @param perHostConcurrency requests in flight at once to one host name
 * @param connectTimeout     TCP/TLS connect limit per request
 * @param readTimeout        limit for the whole exchange (connecting, headers and body); a
 *                           body that trickles forever fails here
 * @param maxBodyBytes       cap on the body, before and after gzip decompression
 * @param maxRedirects       redirects followed per fetch
 * @param maxBackoff         cap of the exponential back-off after errors
 * @param seenIdsPerFeed     how many item ids each feed remembers for deduplication
 * @param defaultLanguage    language of items whose feed and list entry state none
 * @param userAgent          sent with every request
 * @param shutdownTimeout    how long {@link FeedPoller#close()} lets fetches in flight finish
 */
public record FeedPollerSettings(
        Duration defaultInterval,
        Duration jitter,
        int maxConcurrency,
        int perHostConcurrency,
        Duration connectTimeout,
        Duration readTimeout,
        long maxBodyBytes,
        int maxRedirects,
        Duration maxBackoff,
        int seenIdsPerFeed,
        String defaultLanguage,
        String userAgent,
        Duration shutdownTimeout) {

    public FeedPollerSettings {
        Objects.requireNonNull(defaultInterval, "defaultInterval");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (defaultInterval.isZero() || defaultInterval.isNegative()) {
            throw new IllegalArgumentException("default interval must be positive: " + defaultInterval);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must not be negative: " + jitter);
        }
        if (maxConcurrency < 1 || perHostConcurrency < 1) {
            throw new IllegalArgumentException("concurrency limits must be at least 1");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("max body size must be positive: " + maxBodyBytes);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("max redirects must not be negative: " + maxRedirects);
        }
        if (seenIdsPerFeed < 1) {
            throw new IllegalArgumentException("seen ids per feed must be at least 1: " + seenIdsPerFeed);
        }
    }

    /** The documented defaults (10 min interval, 2 requests per host, 10 s / 30 s, 10 MiB, 6 h). */
    public static FeedPollerSettings defaults() {
        return new FeedPollerSettings(
                Duration.ofMinutes(10), Duration.ofSeconds(30), 32, 2,
                Duration.ofSeconds(10), Duration.ofSeconds(30), 10L * 1024 * 1024, 5,
                Duration.ofHours(6), 5000, "en", "newswatch/dev", Duration.ofSeconds(5));
    }

    public FeedPollerSettings withJitter(Duration value) {
        return new FeedPollerSettings(defaultInterval, value, maxConcurrency, perHostConcurrency, connectTimeout,
                readTimeout, maxBodyBytes, maxRedirects, maxBackoff, seenIdsPerFeed, defaultLanguage, userAgent, shutdownTimeout);
    }

    public FeedPollerSettings withReadTimeout(Duration value) {
        return new FeedPollerSettings(defaultInterval, jitter, maxConcurrency, perHostConcurrency, connectTimeout,
                value, maxBodyBytes, maxRedirects, maxBackoff, seenIdsPerFeed, defaultLanguage, userAgent, shutdownTimeout);
    }

    public FeedPollerSettings withConcurrency(int max, int perHost) {
        return new FeedPollerSettings(defaultInterval, jitter, max, perHost, connectTimeout,
                readTimeout, maxBodyBytes, maxRedirects, maxBackoff, seenIdsPerFeed, defaultLanguage, userAgent, shutdownTimeout);
    }

    public FeedPollerSettings withUserAgent(String value) {
        return new FeedPollerSettings(defaultInterval, jitter, maxConcurrency, perHostConcurrency, connectTimeout,
                readTimeout, maxBodyBytes, maxRedirects, maxBackoff, seenIdsPerFeed, defaultLanguage, value, shutdownTimeout);
    }
}
