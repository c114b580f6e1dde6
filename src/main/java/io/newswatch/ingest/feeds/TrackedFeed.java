package io.newswatch.ingest.feeds;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listed feed with its live state. The poller's worker owns it during a poll (guarded by
 * {@link #inFlight}); the API and the list reload read and adjust it concurrently, so every
 * access to the mutable fields is synchronized on the instance.
 */
final class TrackedFeed {
    final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile boolean removed;

    private FeedSpec spec;
    private URI currentUrl;
    private URI discoveredUrl;
    private String lastSkipped = "";
    private String title;
    private String etag;
    private String lastModified;
    private Instant lastFetch;
    private Instant lastSuccess;
    private Instant lastError;
    private FetchErrorKind lastErrorKind;
    private String lastErrorReason;
    private int errorCount;
    private long itemsSeen;
    private Instant nextFetch;
    private boolean disabled;
    private String disabledReason;

    TrackedFeed(FeedSpec spec, Instant nextFetch) {
        this.spec = spec;
        this.currentUrl = spec.uri();
        this.nextFetch = nextFetch;
    }

    /** Takes over what was stored before a restart (validators, schedule, errors, the move target). */
    synchronized void restore(FeedState state) {
        currentUrl = state.currentUrl() == null ? spec.uri() : URI.create(state.currentUrl());
        discoveredUrl = state.discoveredUrl() == null ? null : URI.create(state.discoveredUrl());
        title = state.title();
        etag = state.etag();
        lastModified = state.lastModified();
        lastFetch = state.lastFetch();
        lastSuccess = state.lastSuccess();
        lastError = state.lastError();
        lastErrorKind = state.lastErrorKind() == null ? null : kind(state.lastErrorKind());
        lastErrorReason = state.lastErrorReason();
        errorCount = state.errorCount();
        itemsSeen = state.itemsSeen();
        if (state.nextFetch() != null) {
            nextFetch = state.nextFetch();
        }
        disabled = state.disabled();
        disabledReason = state.disabledReason();
    }

    synchronized FeedSpec spec() {
        return spec;
    }

    synchronized void respecify(FeedSpec changed) {
        spec = changed;
    }

    synchronized URI currentUrl() {
        return currentUrl;
    }

    /**
     * The listed url turned out to be a web page announcing {@code feedUrl}: fetch that from now on.
     *
     * @return true when this is news (first discovery, or the page now announces another feed)
     */
    synchronized boolean discovered(URI feedUrl) {
        boolean changed = !feedUrl.equals(discoveredUrl);
        discoveredUrl = feedUrl;
        currentUrl = feedUrl;
        return changed;
    }

    /** Whether what the last parse skipped differs from the one before (so it is logged once). */
    synchronized boolean skippedChanged(String skipped) {
        boolean changed = !skipped.equals(lastSkipped);
        lastSkipped = skipped;
        return changed;
    }

    synchronized String etag() {
        return etag;
    }

    synchronized String lastModified() {
        return lastModified;
    }

    synchronized Instant nextFetch() {
        return nextFetch;
    }

    synchronized int errorCount() {
        return errorCount;
    }

    synchronized boolean disabled() {
        return disabled;
    }

    synchronized boolean isDue(Instant now) {
        return !disabled && !removed && !nextFetch.isAfter(now);
    }

    synchronized void scheduleNoLaterThan(Instant at) {
        if (nextFetch.isAfter(at)) {
            nextFetch = at;
        }
    }

    /** Clears a 410: the operator listed the feed again, so it is worth one more try. */
    synchronized void enable(Instant now) {
        disabled = false;
        disabledReason = null;
        errorCount = 0;
        nextFetch = now;
    }

    /**
     * A 200 or 304.
     *
     * @param movedTo new fetch URL after a permanent redirect, or {@code null}
     * @return the error count before this success (for the recovery log line)
     */
    synchronized int succeeded(Instant now, URI movedTo, String newEtag, String newLastModified, boolean replaceValidators,
                               String newTitle, int published, Instant next) {
        int previousErrors = errorCount;
        errorCount = 0;
        lastFetch = now;
        lastSuccess = now;
        if (movedTo != null) {
            currentUrl = movedTo;
        }
        if (replaceValidators) {
            etag = newEtag;
            lastModified = newLastModified;
        } else {
            if (newEtag != null) {
                etag = newEtag;
            }
            if (newLastModified != null) {
                lastModified = newLastModified;
            }
        }
        if (newTitle != null) {
            title = newTitle;
        }
        itemsSeen += published;
        nextFetch = next;
        return previousErrors;
    }

    /** Any failure; returns the new consecutive error count. */
    synchronized int failed(Instant now, FetchErrorKind kind, String reason, int published) {
        lastFetch = now;
        lastError = now;
        lastErrorKind = kind;
        lastErrorReason = reason;
        itemsSeen += published;
        return ++errorCount;
    }

    synchronized void reschedule(Instant next) {
        nextFetch = next;
    }

    synchronized void disable(Instant now, String reason) {
        lastFetch = now;
        lastError = now;
        lastErrorKind = FetchErrorKind.GONE;
        lastErrorReason = reason;
        disabled = true;
        disabledReason = reason;
    }

    void markRemoved() {
        removed = true;
    }

    boolean removed() {
        return removed;
    }

    synchronized FeedState toState(List<String> seenKeys) {
        return new FeedState(spec.url(), currentUrl.toString(), discoveredUrl == null ? null : discoveredUrl.toString(), title, etag, lastModified, lastFetch, lastSuccess,
                lastError, lastErrorKind == null ? null : lastErrorKind.tag(), lastErrorReason, errorCount, itemsSeen,
                nextFetch, disabled, disabledReason, seenKeys);
    }

    synchronized FeedStatus status(Duration interval, String language, int seenIds) {
        String name = spec.name() != null ? spec.name() : title != null ? title : spec.url();
        return new FeedStatus(name, spec.url(), currentUrl.toString(), discoveredUrl == null ? null : discoveredUrl.toString(),
                interval.toString(), language, lastFetch,
                lastSuccess, lastError, lastErrorKind == null ? null : lastErrorKind.tag(), lastErrorReason, errorCount,
                itemsSeen, seenIds, nextFetch, disabled, disabledReason);
    }

    private static FetchErrorKind kind(String tag) {
        for (FetchErrorKind kind : FetchErrorKind.values()) {
            if (kind.tag().equals(tag)) {
                return kind;
            }
        }
        return FetchErrorKind.IO;
    }
}
