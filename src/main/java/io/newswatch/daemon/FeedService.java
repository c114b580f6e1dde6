package io.newswatch.daemon;

import io.newswatch.ingest.feeds.FeedStatuses;

import io.newswatch.ingest.feeds.FeedStatus;

import io.newswatch.ingest.feeds.FeedListParser;

import io.newswatch.ingest.feeds.FeedPollerSettings;

import io.newswatch.ingest.feeds.FeedPoller;

import io.newswatch.ingest.feeds.FeedListWatcher;

import io.newswatch.ingest.feeds.FeedStateStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.newswatch.config.FeedsConfig;
import io.newswatch.config.NewswatchConfig;
import io.newswatch.ingest.DocumentSink;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The daemon's feed polling: builds the {@link FeedPoller} from configuration, feeds it the
 * watched list and stops it on shutdown. The sink is looked up rather than injected so the
 * application still starts (without polling) in a build that has no {@link DocumentSink} bean.
 */
@ApplicationScoped
public class FeedService implements FeedStatuses {
    private static final Logger LOG = Logger.getLogger(FeedService.class);

    @Inject
    FeedsConfig config;

    @Inject
    NewswatchConfig newswatch;

    @Inject
    Instance<DocumentSink> sinks;

    @Inject
    MeterRegistry registry;

    private FeedPoller poller;
    private FeedListWatcher watcher;

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("feed polling is off (newswatch.feeds.enabled=false)");
            return;
        }
        if (!sinks.isResolvable()) {
            LOG.warn("feed polling is not started: no single DocumentSink bean to publish feed items to");
            return;
        }
        Path stateDir = Path.of(newswatch.dataDir(), "feeds");
        FeedStateStore store;
        try {
            store = new FeedStateStore(stateDir);
        } catch (IOException e) {
            LOG.errorf("feed polling is not started: cannot use the state directory %s (%s); check newswatch.data-dir",
                    stateDir.toAbsolutePath(), e);
            return;
        }
        poller = new FeedPoller(settings(), sinks.get(), store, registry, Clock.systemUTC());
        watcher = new FeedListWatcher(Path.of(config.file()), new FeedListParser(), config.reloadInterval(), poller::setFeeds);
        watcher.start();
        poller.start();
        LOG.infof("feed polling started: list %s, state in %s", Path.of(config.file()).toAbsolutePath(), stateDir.toAbsolutePath());
    }

    void stop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            watcher.close();
        }
        if (poller != null) {
            poller.close();
        }
    }

    /** Every listed feed's state; empty when polling is off. */
    @Override
    public List<FeedStatus> status() {
        FeedPoller current = poller;
        return current == null ? List.of() : current.status();
    }

    private FeedPollerSettings settings() {
        return new FeedPollerSettings(
                config.defaultInterval(),
                config.jitter(),
                config.maxConcurrency(),
                config.perHostConcurrency(),
                config.connectTimeout(),
                config.readTimeout(),
                config.maxBodySize().asLongValue(),
                config.maxRedirects(),
                config.maxBackoff(),
                config.seenIdsPerFeed(),
                config.defaultLanguage(),
                config.userAgent(),
                config.shutdownTimeout());
    }
}
