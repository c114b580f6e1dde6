package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The daemon's core settings. Each is overridable by an env var: {@code newswatch.kafka.partitions}
 * is {@code NEWSWATCH_KAFKA_PARTITIONS}; the README has the table.
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

    Kafka kafka();

    interface Kafka {
        /** Partitions of the topics newswatch creates; more partitions let more instances share the work. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of the topics newswatch creates; 3 on a production cluster. */
        @WithDefault("1")
        short replicationFactor();

        /** While Kafka is unreachable: how often to retry, and to log one line about it. */
        @WithDefault("10s")
        Duration retryInterval();

        /**
         * Address of the embedded broker started when {@code KAFKA_BOOTSTRAP_SERVERS} is unset. Read
         * before the application starts, so it is taken from the env var or system property only.
         */
        @WithDefault(EmbeddedBrokerSettings.DEFAULT_HOST)
        String embeddedHost();

        /** Port of the embedded broker (see {@link #embeddedHost()}). */
        @WithDefault(EmbeddedBrokerSettings.DEFAULT_PORT)
        int embeddedPort();
    }
}
