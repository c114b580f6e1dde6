package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of the embedded Kafka broker, which newswatch runs itself when {@code
 * KAFKA_BOOTSTRAP_SERVERS} names no cluster. Its data lives in {@code <newswatch.data-dir>/kafka}.
 */
@ConfigMapping(prefix = "newswatch.kafka")
public interface KafkaBrokerConfig {
    /**
     * Start the embedded broker when {@code KAFKA_BOOTSTRAP_SERVERS} is unset. Off only for setups
     * (such as tests) that provide a broker some other way.
     */
    @WithDefault("true")
    boolean embedded();

    /**
     * Address the embedded broker listens on. The loopback default keeps it private to this machine;
     * {@code 0.0.0.0} lets other machines subscribe to the alerts (there is no authentication).
     */
    @WithDefault("127.0.0.1")
    String host();

    /** Port the embedded broker listens on for Kafka clients. */
    @WithDefault("9092")
    int port();

    /** How long to wait for the embedded broker to accept clients before newswatch gives up starting. */
    @WithDefault("30s")
    Duration startTimeout();
}
