package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Kafka settings besides {@code KAFKA_BOOTSTRAP_SERVERS}: the topics newswatch creates, retries while
 * Kafka is away, and the embedded broker, which newswatch runs itself when {@code
 * KAFKA_BOOTSTRAP_SERVERS} names no cluster (its data lives in {@code <newswatch.data-dir>/kafka}).
 */
@ConfigMapping(prefix = "newswatch.kafka")
public interface KafkaConfig {
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

    /** Partitions of the topics newswatch creates; more partitions let more instances share the work. */
    @WithDefault("3")
    int partitions();

    /**
     * Partitions of each rule's own alert topic ({@code newswatch.alerts.<rule-id>}) when newswatch
     * creates it. One by default: a rule topic carries one rule's alerts, read by its subscribers in
     * order, and every partition an exactly-once transaction writes to gets a commit marker, so with
     * many rules three partitions per rule topic tripled the broker's marker work and the clients'
     * metadata (docs/benchmarks.md, "Round four"). Topics that exist keep their partitions.
     */
    @WithDefault("1")
    int rulePartitions();

    /**
     * Whether every alert is also written to its rule's own topic ({@code newswatch.alerts.<rule-id>}, or the
     * rule's {@code topic:}) besides {@code newswatch.alerts}. On by default: subscribers may read one rule's
     * alerts from its topic. Off, rule topics are neither created nor written and every alert is on
     * {@code newswatch.alerts} only (its {@code subject} and {@code data.rule.id} name the rule): each
     * exactly-once transaction then writes a few partitions instead of one per rule that alerted, which with
     * hundreds of rules is most of the pipeline's CPU (docs/benchmarks.md, "Round six: pipeline").
     */
    @WithDefault("true")
    boolean ruleTopics();

    /** Replication factor of the topics newswatch creates; 3 on a production cluster. */
    @WithDefault("1")
    short replicationFactor();

    /** While Kafka is unreachable: how often to retry, and to log one line about it. */
    @WithDefault("10s")
    Duration retryInterval();
}
