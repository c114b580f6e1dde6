package io.newswatch.daemon;

import io.newswatch.pipeline.PipelineMetrics;


import io.newswatch.broker.Topics;
import io.newswatch.archive.ArchiveService;
import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.config.FilesConfig;
import io.newswatch.config.KafkaConfig;
import io.newswatch.config.NewswatchConfig;
import io.newswatch.broker.TopicCreator;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.ingest.DocumentSink;
import io.newswatch.ingest.files.FolderIngester;
import io.newswatch.rules.Rule;
import io.newswatch.matching.RuleRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * What starts, in order: topics are requested, the notifier is started with the rules' recipients,
 * then the timers (reloading rules and {@code _recipients.yml}, ingesting the seeds folder, checking
 * Kafka); on shutdown the timers stop first, then the notifier. Kafka Streams itself is started by
 * Quarkus once {@code newswatch.documents} and {@code newswatch.alerts} exist.
 */
@ApplicationScoped
public class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    @Inject NewswatchConfig config;
    @Inject KafkaConfig kafka;
    @Inject RuleRegistry rules;
    @Inject TopicCreator topics;
    @Inject DocumentSink sink;
    @Inject PipelineMetrics metrics;
    @Inject NotificationService notifications;
    @Inject DocumentFileReader reader;
    @Inject FilesConfig files;
    @Inject Topics names;
    @Inject Clock clock;
    @Inject ArchiveService archive;
    @Inject RuleEvaluations evaluations;

    private ScheduledExecutorService timers;

    void onStart(@Observes StartupEvent event) {
        List<String> wanted = new ArrayList<>(List.of(names.documents(), names.alerts(), names.backfill()));
        rules.activeRules().stream().map(Rule::topic).forEach(wanted::add);
        topics.request(wanted); // in the background: start-up never waits on Kafka
        topics.requestDefined(List.of(TopicCreator.storiesTopic(names.stories(), topics.replicationFactor())));
        notifications.start(id -> rules.rule(id).map(Rule::recipients).orElse(List.of()));
        archive.start(); // its own thread and consumer, off the alert path; waits for the topics itself
        archive.rulesInForce(rules.activeRules()); // backfill: rules added or changed while the daemon was down
        evaluations.refresh(); // in the background, when NEWSWATCH_EVALUATION_LABELS names a labels file
        FolderIngester ingester = new FolderIngester(Path.of(config.seedsDir()), reader, sink, metrics,
                clock, kafka.retryInterval(), files.settleTime(), topics.outage());
        long watch = config.watchInterval().toMillis();
        timers = Executors.newScheduledThreadPool(4, Thread.ofPlatform().daemon().name("newswatch-timer-", 0).factory());
        timers.scheduleWithFixedDelay(guard("rules reload", () -> {
            rules.reload();
            archive.rulesInForce(rules.activeRules());
            evaluations.refresh();
        }), watch, watch, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(guard("recipients reload", notifications::reloadRecipients), watch, watch, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(guard("seeds ingest", ingester::scan), 0, watch, TimeUnit.MILLISECONDS);
        long retry = kafka.retryInterval().toMillis();
        // At a fixed rate, not a fixed delay: a check waiting out an unreachable Kafka (up to ~10 s)
        // must not stretch "retrying every 10 s" to 20.
        timers.scheduleAtFixedRate(guard("kafka check", topics::check), retry, retry, TimeUnit.MILLISECONDS);
        LOG.infof("newswatch watching %s (seeds) and %s (rules, %d in force); data in %s",
                config.seedsDir(), config.rulesDir(), rules.activeCount(), config.dataDir());
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (timers != null) {
            // Interrupt at once: a timer may be waiting on an unreachable Kafka, and whatever it
            // had not published stays in the seeds folder for the next start.
            timers.shutdownNow();
            timers.awaitTermination(5, TimeUnit.SECONDS);
        }
        notifications.stop();
    }

    /**
     * A timer task that throws stops repeating for good (a hot reload that stops is the failure of
     * issue 12, F1); this keeps it alive whatever it throws, {@link Error}s included, and says what
     * went wrong in one line.
     */
    static Runnable guard(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable e) { // deliberately everything: the next run may well succeed
                LOG.errorf("%s failed: %s: %s; trying again at the next interval", name, e.getClass().getSimpleName(), e.getMessage());
            }
        };
    }
}
