package io.newswatch.stream;

import io.newswatch.archive.ArchiveService;
import io.newswatch.archive.Archiver;
import io.newswatch.config.ArchiveConfig;
import io.newswatch.config.NewswatchConfig;
import io.newswatch.rules.RuleRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The archive's wiring: settings in, an {@link ArchiveService} out, started with the daemon and closed with it. */
@ApplicationScoped
public class ArchiveBeans {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ArchiveService archive(ArchiveConfig archive, NewswatchConfig config, RuleRegistry rules, Clock clock,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Archiver.Settings archiver = new Archiver.Settings(archive.commitInterval(), archive.maxBatch(),
                archive.retentionCheckInterval(), Duration.ofSeconds(30), Duration.ofMillis(500));
        ArchiveService.Settings settings = new ArchiveService.Settings(archive.enabled(), Path.of(config.dataDir(), "archive"),
                bootstrapServers, AlertTopology.DOCUMENTS, AlertTopology.ALERTS, archive.retention(),
                archive.maxSize().map(size -> size.asLongValue()), archiver, archive.maxPageSize(),
                archive.backtestTimeout(), archive.backtestMaxResults());
        return new ArchiveService(settings, rules::compiler, clock);
    }

    void start(@Observes StartupEvent event, ArchiveService archive) {
        archive.start();
    }

    void close(@Disposes ArchiveService archive) {
        archive.close();
    }
}
