package io.newswatch.broker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Ties the embedded broker, started by {@code Main} before the application (Kafka Streams reads
 * its address at start-up), to the application's shutdown: it is closed last, after Kafka Streams
 * and every producer have flushed and closed against it.
 */
@ApplicationScoped
public class EmbeddedBrokerLifecycle {
    private static final Logger LOG = Logger.getLogger(EmbeddedBrokerLifecycle.class);
    private static volatile EmbeddedKafka running;

    public static void adopt(EmbeddedKafka broker) {
        running = broker;
    }

    void onStart(@Observes StartupEvent event) {
        EmbeddedKafka broker = running;
        if (broker != null) {
            LOG.infof("embedded Kafka broker listening on %s (set KAFKA_BOOTSTRAP_SERVERS to use a cluster instead)", broker.bootstrapServers());
        }
    }

    void onStop(@Observes @Priority(Integer.MAX_VALUE) ShutdownEvent event) {
        EmbeddedKafka broker = running;
        running = null;
        if (broker != null) {
            broker.close();
            LOG.info("embedded Kafka broker stopped");
        }
    }
}
