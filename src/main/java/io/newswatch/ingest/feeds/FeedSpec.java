package io.newswatch.ingest.feeds;

import java.net.URI;
import java.time.Duration;

/**
 * One feed as the operator listed it. The url is the feed's identity: its state, seen items and
 * metrics are keyed by it, even after a permanent redirect moved the feed elsewhere.
 *
 * @param url      absolute http(s) URL as written in the feeds file
 * @param name     display name; {@code null} means "use the feed's own title"
 * @param interval poll interval; {@code null} means the configured default
 * @param language ISO 639-1 code of the feed's items; {@code null} means "from the feed, else the default"
 */
public record FeedSpec(String url, String name, Duration interval, String language) {

    public FeedSpec {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("feed url is missing");
        }
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("feed interval must be positive: " + interval);
        }
    }

    public static FeedSpec of(String url) {
        return new FeedSpec(url, null, null, null);
    }

    /** The name used in logs, metrics and the API: the configured name, else the url. */
    public String label() {
        return name != null ? name : url;
    }

    URI uri() {
        return URI.create(url);
    }
}
