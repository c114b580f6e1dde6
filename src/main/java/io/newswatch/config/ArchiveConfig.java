package io.newswatch.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The archive of documents and alerts under {@code NEWSWATCH_DATA_DIR/archive}, its search and
 * backtests (docs/search.md). Each setting is an env var: {@code newswatch.archive.retention} is
 * {@code NEWSWATCH_ARCHIVE_RETENTION}.
 */
@ConfigMapping(prefix = "newswatch.archive")
public interface ArchiveConfig {
    /** Keep an archive at all; without it /api/search, /api/alerts and /api/backtest answer 503. */
    @WithDefault("true")
    boolean enabled();

    /** Records ingested longer ago than this are deleted. */
    @WithDefault("30d")
    Duration retention();

    /** When the index grows beyond this, the oldest records are deleted until it fits; unset: no size limit. */
    Optional<MemorySize> maxSize();

    /** Longest time between index commits while records arrive (a commit makes them durable and searchable). */
    @WithDefault("1s")
    Duration commitInterval();

    /** Most records per index commit. */
    @WithDefault("2000")
    int maxBatch();

    /** How often retention is checked. */
    @WithDefault("1m")
    Duration retentionCheckInterval();

    /** Largest page a search or listing returns. */
    @WithDefault("100")
    int maxPageSize();

    /**
     * How much CPU time a search spends counting its matches, newest first, before it answers with the count so far
     * ("at least", {@code totalExact: false}); the page of hits itself is always exact.
     */
    @WithDefault("300ms")
    Duration searchCountBudget();

    /**
     * Memory kept for the matches of rule queries per index segment (the search cache, docs/search.md): a rule's
     * query searched again reads them instead of running its NEAR/BEFORE matching; 0 turns the cache off.
     */
    @WithDefault("64M")
    MemorySize searchCacheSize();

    /** A backtest stops after this long and reports what it found so far. */
    @WithDefault("30s")
    Duration backtestTimeout();

    /** A backtest keeps at most this many matches per rule for its difference (counts go on). */
    @WithDefault("100000")
    int backtestMaxResults();

    /** Most documents one backfill sends for matching (the newest of its window). */
    @WithDefault("10000")
    int backfillMaxDocuments();

    /** How long a backfill waits for the archive to read the documents published before the rule changed. */
    @WithDefault("2m")
    Duration backfillCatchUp();
}
