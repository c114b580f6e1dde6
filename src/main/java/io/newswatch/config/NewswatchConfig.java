package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every newswatch setting; each is overridable by the env var named in the README table. */
@ConfigMapping(prefix = "newswatch")
public interface NewswatchConfig {
    /** Directory of seed articles ingested at start and watched afterwards. */
    @WithDefault("seeds")
    String seedsDir();

    /** Directory of rule files ({@code <id>.yml}, {@code _aliases.yml}). */
    @WithDefault("rules")
    String rulesDir();

    /** Directory for persistent state (Kafka Streams stores, embedded broker log). */
    @WithDefault("data")
    String dataDir();
}
