package io.newswatch.ingest.feeds;

import java.util.Locale;

/** Why a poll failed; the metric tag {@code kind} and the API's error kind use {@link #tag()}. */
public enum FetchErrorKind {
    /** DNS failure, refused or timed-out connection. */
    CONNECT,
    /** The response did not complete within the read timeout. */
    TIMEOUT,
    /** The body is larger than the cap (compressed or decompressed). */
    TOO_LARGE,
    /** A status other than 2xx, 304, redirects, 410, 429 and 503. */
    HTTP_STATUS,
    /** More redirects than allowed, a redirect without a usable Location, or to a non-http URL. */
    REDIRECTS,
    /** 429 Too Many Requests. */
    RATE_LIMITED,
    /** 503 Service Unavailable. */
    UNAVAILABLE,
    /** 410 Gone: the feed is disabled. */
    GONE,
    /** Any other transport failure (reset connection, bad gzip data, unsupported encoding). */
    IO,
    /** The body is not a usable RSS or Atom document. */
    PARSE,
    /** The document sink refused an item; the rest of the feed is retried on the next poll. */
    PUBLISH;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
