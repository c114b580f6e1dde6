package io.newswatch.daemon;

import io.newswatch.broker.KafkaAddress;
import io.newswatch.broker.Topics;
import io.newswatch.config.ConsoleConfig;
import io.newswatch.console.ConsoleAccess;
import io.newswatch.console.RecentActivity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Wires the web console: who may see it ({@link ConsoleAccess}) and what it reads ({@link RecentActivity}). */
@ApplicationScoped
public class ConsoleService {
    private static final Logger LOG = Logger.getLogger(ConsoleService.class);

    @Produces
    @Singleton
    ConsoleAccess access(ConsoleConfig config, @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        return new ConsoleAccess(host, config.user(), config.password());
    }

    @Produces
    @Singleton
    RecentActivity activity(ConsoleConfig config, Topics topics, Clock clock, KafkaAddress kafka) {
        return new RecentActivity(kafka.bootstrapServers(), topics.documents(), topics.alerts(), config.recentAlerts(), clock);
    }

    void disposeActivity(@jakarta.enterprise.inject.Disposes RecentActivity activity) {
        activity.close();
    }

    /** After the broker (started by {@link EmbeddedKafkaStartup} at a higher priority) is up. */
    void start(@Observes StartupEvent event, ConsoleAccess access, RecentActivity activity) {
        if (access.disabled()) {
            LOG.warn(access.describe());
        } else {
            LOG.info(access.describe());
            activity.start();
        }
    }

    void stop(@Observes ShutdownEvent event, RecentActivity activity) {
        activity.close();
    }
}
