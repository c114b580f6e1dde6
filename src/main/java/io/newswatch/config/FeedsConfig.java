package io.newswatch.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * RSS/Atom polling settings ({@code newswatch.feeds.*}, env {@code NEWSWATCH_FEEDS_*}). The
 * defaults are polite to publishers: at most two requests at once per host, ten minutes between
 * polls of a feed, long back-off for feeds that fail.
 */
@ConfigMapping(prefix = "newswatch.feeds")
public interface FeedsConfig {
    /** Poll feeds at all; false leaves the feed list unread and makes no requests. */
    @WithDefault("true")
    boolean enabled();

    /** The feed list the operator edits: YAML ({@code feeds: [{url, name, interval, language}]}) or OPML. */
    @WithDefault("feeds.yml")
    String file();

    /** How often the feed list file is checked for changes; edits apply within this (plus a poll). */
    @WithDefault("2s")
    Duration reloadInterval();

    /** Poll interval of feeds whose entry sets none. */
    @WithDefault("10m")
    Duration defaultInterval();

    /** Up to this much random delay is added to each scheduled poll, so feeds do not fire in lock-step. */
    @WithDefault("30s")
    Duration jitter();

    /** Requests in flight and feeds parsed at the same time, over all hosts; a request waiting for its host holds none. */
    @WithDefault("32")
    int maxConcurrency();

    /** Requests in flight at the same time to one host. */
    @WithDefault("2")
    int perHostConcurrency();

    /** Limit for establishing a connection (TCP and TLS). */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Limit for the whole exchange, from sending the request to the body's last byte, connecting included; a slower or endless body fails the poll. */
    @WithDefault("30s")
    Duration readTimeout();

    /** Largest feed body accepted, compressed and decompressed (e.g. 10M, 512K). */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /** Redirects followed per poll (301 and 308 also update the URL the feed is fetched from). */
    @WithDefault("5")
    int maxRedirects();

    /** Cap of the exponential back-off after failed polls (also caps a server's Retry-After). */
    @WithDefault("6h")
    Duration maxBackoff();

    /** Item ids remembered per feed to recognise items already published. */
    @WithDefault("5000")
    int seenIdsPerFeed();

    /** ISO 639-1 language of items when neither the list entry nor the feed states one. */
    @WithDefault("en")
    String defaultLanguage();

    /** User-Agent header of every feed request. */
    @WithDefault("newswatch/${quarkus.application.version:dev} (news monitor; RSS/Atom poller)")
    String userAgent();

    /** How long shutdown waits for polls in flight before aborting them. */
    @WithDefault("5s")
    Duration shutdownTimeout();
}
