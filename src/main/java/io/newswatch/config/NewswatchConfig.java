package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
