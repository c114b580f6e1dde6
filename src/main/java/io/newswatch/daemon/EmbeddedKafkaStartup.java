package io.newswatch.daemon;

import io.newswatch.broker.ClusterBoundState;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.broker.EmbeddedKafkaException;

import io.newswatch.config.KafkaConfig;
import io.newswatch.config.NewswatchConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the embedded broker for the daemon's lifetime when {@code KAFKA_BOOTSTRAP_SERVERS} is unset.
 * It starts before any other startup observer (Kafka Streams among them), so that the pipeline finds
 * its broker, and stops after them, so that the pipeline can commit on the way out. Before Kafka
 * Streams starts it binds Streams' local state to the broker's cluster ({@link ClusterBoundState}):
 * state built from a broker whose storage has since been removed is cleared, not reported as
 * corrupted.
 */
@Singleton
public class EmbeddedKafkaStartup {
    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaStartup.class);

    private final KafkaConfig broker;
    private final Path dataDir;
    private final Path streamsStateDir;
    private final Optional<String> externalCluster;
    private volatile EmbeddedKafka kafka;

    EmbeddedKafkaStartup(KafkaConfig broker, NewswatchConfig newswatch,
            @ConfigProperty(name = "KAFKA_BOOTSTRAP_SERVERS") Optional<String> externalCluster,
            @ConfigProperty(name = "kafka-streams.state.dir") Path streamsStateDir) {
        this.broker = broker;
        this.dataDir = Path.of(newswatch.dataDir(), "kafka");
        this.streamsStateDir = streamsStateDir;
        this.externalCluster = externalCluster.map(String::strip).filter(s -> !s.isEmpty());
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (externalCluster.isPresent()) {
            LOG.infof("using the Kafka cluster at %s (KAFKA_BOOTSTRAP_SERVERS); the embedded broker stays off",
                    externalCluster.get());
            return;
        }
        if (!broker.embedded()) {
            LOG.info("embedded Kafka broker disabled (newswatch.kafka.embedded=false) and KAFKA_BOOTSTRAP_SERVERS unset");
            return;
        }
        try {
            kafka = EmbeddedKafka.start(dataDir, broker.host(), broker.port(), broker.startTimeout());
        } catch (EmbeddedKafkaException e) {
            // An operator problem (port taken, directory in use), not a bug: one line, then exit 1 at
            // once, so that line is the last one. This observer runs before every other one, so
            // nothing has started that needs stopping (the OS frees the data directory's lock).
            // Quarkus.asyncExit would let start-up go on: HTTP, topic requests and the pipeline
            // against a foreign socket, with "unreachable" lines for most of a minute before exiting.
            LOG.error(e.getMessage());
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        bindStreamsState(kafka);
    }

    private void bindStreamsState(EmbeddedKafka running) {
        ClusterBoundState state = new ClusterBoundState(streamsStateDir);
        try {
            if (state.bindTo(running.clusterId(), running.formatted()) == ClusterBoundState.Outcome.CLEARED) {
                LOG.infof("Kafka Streams' local state in %s was built from an earlier embedded broker whose storage is gone;"
                        + " cleared it for the new one (cluster %s), it is rebuilt from the topics", state.dir(), running.clusterId());
            }
        } catch (IOException e) {
            LOG.warnf("cannot check Kafka Streams' local state in %s against the embedded broker's cluster (%s);"
                    + " if %s was removed, remove %s too before the next start", state.dir(), e.getMessage(), dataDir, state.dir());
        }
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) ShutdownEvent event) {
        EmbeddedKafka running = kafka;
        if (running != null) {
            running.close();
        }
    }

    /** Where the embedded broker listens, if this process runs one. */
    public Optional<String> bootstrapServers() {
        EmbeddedKafka running = kafka;
        return running == null ? Optional.empty() : Optional.of(running.bootstrapServers());
    }
}
