package io.newswatch.ingest.feeds;

import java.time.Instant;
import java.util.List;

/**
 * What newswatch remembers about a feed between polls and across restarts (one JSON file per
 * feed in {@code <data>/feeds/}).
 *
 * @param url             the feed as listed: the identity
 * @param currentUrl      where it is fetched from now: differs from {@code url} after a 301
 * @param discoveredUrl   the feed announced by the listed web page, or {@code null}
 * @param title           the feed's own title, from the last successful fetch
 * @param etag            validator for {@code If-None-Match}
 * @param lastModified    validator for {@code If-Modified-Since}
 * @param lastErrorKind   {@link FetchErrorKind#tag()} of the last failure
 * @param errorCount      failures since the last success; drives the back-off
 * @param itemsSeen       items published from this feed, ever
 * @param nextFetch       when the feed is due next
 * @param disabled        true after a 410 Gone; it is not polled again
 * @param seen            keys of recently seen items, oldest first (bounded)
 */
public record FeedState(
        String url,
        String currentUrl,
        String discoveredUrl,
        String title,
        String etag,
        String lastModified,
        Instant lastFetch,
        Instant lastSuccess,
        Instant lastError,
        String lastErrorKind,
        String lastErrorReason,
        int errorCount,
        long itemsSeen,
        Instant nextFetch,
        boolean disabled,
        String disabledReason,
        List<String> seen) {

    public FeedState {
        seen = seen == null ? List.of() : List.copyOf(seen);
    }
}
