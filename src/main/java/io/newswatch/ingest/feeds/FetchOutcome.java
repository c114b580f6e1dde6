package io.newswatch.ingest.feeds;

import java.net.URI;
import java.time.Duration;

/** What one conditional GET of a feed came to, after redirects. */
sealed interface FetchOutcome {

    /**
     * @param movedTo where the feed permanently moved (an unbroken chain of 301/308 from the
     *                requested URL), else {@code null}
     */
    record Fetched(URI finalUrl, URI movedTo, byte[] body, String contentType, String etag, String lastModified)
            implements FetchOutcome {}

    /** 304: nothing new since the validators sent. */
    record NotModified(URI movedTo, String etag, String lastModified) implements FetchOutcome {}

    /** 410: the publisher says the feed is gone for good. */
    record Gone(URI url) implements FetchOutcome {}

    /**
     * 429 or 503.
     *
     * @param retryAfter the server's Retry-After, or {@code null} when absent or unreadable
     */
    record RetryLater(FetchErrorKind kind, int status, Duration retryAfter) implements FetchOutcome {}

    record Failed(FetchErrorKind kind, String reason) implements FetchOutcome {}
}
