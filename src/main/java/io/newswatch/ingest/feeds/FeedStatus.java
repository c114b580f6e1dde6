package io.newswatch.ingest.feeds;

import java.time.Instant;

/**
 * One feed as {@code GET /api/feeds} shows it.
 *
 * @param name             the configured name, else the feed's title, else the url
 * @param url              as listed in the feeds file
 * @param currentUrl       where it is fetched from (after permanent redirects or feed discovery)
 * @param discoveredUrl    when the listed url is a web page: the feed it announces, which is
 *                         what is polled; {@code null} when the listed url is a feed
 * @param interval         ISO-8601 poll interval
 * @param lastErrorKind    e.g. {@code timeout}, {@code http-status}, {@code parse}; {@code null} if none
 * @param consecutiveErrors failures since the last success
 * @param itemsSeen        items published from this feed, ever
 * @param seenIds          item keys currently remembered for deduplication
 */
public record FeedStatus(
        String name,
        String url,
        String currentUrl,
        String discoveredUrl,
        String interval,
        String language,
        Instant lastFetch,
        Instant lastSuccess,
        Instant lastError,
        String lastErrorKind,
        String lastErrorReason,
        int consecutiveErrors,
        long itemsSeen,
        int seenIds,
        Instant nextFetch,
        boolean disabled,
        String disabledReason) {
}
