package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The daemon's core settings. Each is overridable by an env var: {@code newswatch.seeds-dir} is
 * {@code NEWSWATCH_SEEDS_DIR}; the README has the table. Kafka settings are in {@link KafkaConfig}.
 */
@ConfigMapping(prefix = "newswatch")
public interface NewswatchConfig {
    /** Folder of articles ingested at start and watched afterwards (files added or changed). */
    @WithDefault("seeds")
    String seedsDir();

    /** Folder of rule files ({@code <id>.yml}, {@code _aliases.yml}, {@code _recipients.yml}). */
    @WithDefault("rules")
    String rulesDir();

    /** Folder for state: Kafka Streams stores, the embedded broker's log, delivery ledgers. */
    @WithDefault("data")
    String dataDir();

    /** How often the seeds and rules folders are checked for changes. */
    @WithDefault("1s")
    Duration watchInterval();

    /**
     * Kafka Streams threads ({@code NEWSWATCH_STREAM_THREADS}); unset: one per core. Read by
     * {@code kafka-streams.num.stream.threads} in application.properties.
     */
    Optional<Integer> streamThreads();

    /**
     * How long the pipeline remembers a processed document id after it last saw it: a document
     * coming back within this time is dropped as a repeat, one coming back later is processed (and
     * may alert) again. Ids not seen for longer are deleted from the store and its changelog, so
     * the store holds about this much of the document stream (docs/benchmarks.md has the bytes per
     * document). Keep it longer than any feed or folder may repeat an item.
     */
    @WithDefault("30d")
    Duration dedupRetention();
}
