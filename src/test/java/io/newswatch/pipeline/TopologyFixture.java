package io.newswatch.pipeline;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** What the topology tests share: the fixed test time and the Streams properties of a TopologyTestDriver. */
final class TopologyFixture {
    static final java.time.Instant NOW = java.time.Instant.parse("2024-10-09T08:00:00Z");

    private TopologyFixture() {}

    /** Application id, an unreachable broker (the driver needs none) and the state directory. */
    static Properties baseProperties(Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "newswatch-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    /** {@link #baseProperties} as the daemon runs: exactly-once, undecodable documents skipped. */
    static Properties properties(Path stateDir) {
        Properties props = baseProperties(stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUndecodableDocuments.class);
        return props;
    }
}
