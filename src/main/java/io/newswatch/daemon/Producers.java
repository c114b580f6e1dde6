package io.newswatch.daemon;

import io.newswatch.pipeline.PipelineMetrics;

import io.newswatch.pipeline.AlertTopology;
import io.newswatch.pipeline.RuleTopicsClientSupplier;
import io.newswatch.rules.Rule;
import io.newswatch.pipeline.StoryPipelineSettings;
import io.newswatch.config.StoriesConfig;
import io.newswatch.stories.BreakingRule;
import io.newswatch.stories.MiniLmHeadlineEncoder;
import io.newswatch.stories.StorySettings;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.newswatch.config.FilesConfig;
import io.newswatch.broker.KafkaAddress;
import io.newswatch.broker.Topics;
import io.newswatch.archive.ArchiveService;
import io.newswatch.archive.Archiver;
import io.newswatch.archive.Backfiller;
import io.newswatch.config.ArchiveConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.newswatch.config.KafkaConfig;
import io.newswatch.config.NotificationsConfig;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.config.NewswatchConfig;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.pipeline.KafkaDocumentSink;
import io.newswatch.broker.TopicCreator;
import io.newswatch.ingest.DocumentSink;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.classify.SecondStage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Builds the pipeline's parts from configuration; the parts themselves are plain Java. */
@ApplicationScoped
public class Producers {
    private static final Logger LOG = Logger.getLogger(Producers.class);

    /** The reader that honours {@code NEWSWATCH_FILES_MAX_SIZE}; the daemon's seeds ingester uses this one. */
    @Produces
    @Singleton
    DocumentFileReader documentFileReader(FilesConfig config) {
        return new DocumentFileReader(config.maxSize().asLongValue());
    }

    /** The one clock every timed part uses. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Every topic name, from configuration, once. */
    @Produces
    @Singleton
    Topics topicNames(NotificationsConfig notify,
            @ConfigProperty(name = "quarkus.kafka-streams.application-id", defaultValue = Topics.STREAMS_APPLICATION) String applicationId) {
        return new Topics(Topics.DOCUMENTS, notify.alertsTopic(), notify.deadLetterTopic(), notify.ledgerTopic(), applicationId,
                notify.pendingTopic());
    }

    /** The one resolved Kafka address every client of the daemon uses. */
    @Produces
    @Singleton
    KafkaAddress kafkaAddress(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return new KafkaAddress(bootstrapServers);
    }

    @Produces
    @Singleton
    PipelineMetrics metrics(MeterRegistry registry) {
        return new PipelineMetrics(registry);
    }

    @Produces
    @Singleton
    TopicCreator topics(KafkaConfig kafka, KafkaAddress address, Clock clock) {
        return new TopicCreator(address.bootstrapServers(), kafka.partitions(), kafka.replicationFactor(),
                clock, kafka.retryInterval());
    }

    void closeTopics(@Disposes TopicCreator topics) {
        topics.close();
    }

    /** Loaded once here, before the topology exists, so the first document already meets every rule. */
    @Produces
    @Singleton
    RuleRegistry rules(NewswatchConfig config, KafkaConfig kafka, TopicCreator topics, Topics names, MeterRegistry registry,
                       PipelineMetrics metrics) {
        if (kafka.rulePartitions() < 1) {
            throw new IllegalArgumentException("NEWSWATCH_KAFKA_RULE_PARTITIONS must be at least 1, got " + kafka.rulePartitions());
        }
        Path rulesDir = Path.of(config.rulesDir());
        RuleRegistry rules = new RuleRegistry(rulesDir, new RuleLoader(RecipientsFile.knownNames(rulesDir), names),
                rule -> {
                    if (kafka.ruleTopics()) {
                        topics.requestDefined(List.of(TopicCreator.ruleTopic(rule.topic(), kafka.rulePartitions(), topics.replicationFactor())));
                    }
                    metrics.ruleActive(rule.id());
                }, new SecondStage());
        rules.reload();
        Gauge.builder("newswatch.rules.loaded", rules, RuleRegistry::activeCount)
                .description("Rules in force").register(registry);
        return rules;
    }

    void closeRules(@Disposes RuleRegistry rules) {
        rules.close();
    }

    @Produces
    @Singleton
    Topology topology(RuleRegistry rules, PipelineMetrics metrics, Clock clock, Topics names, StoriesConfig stories,
                      TopicCreator topics, NewswatchConfig config, KafkaConfig kafka) {
        return AlertTopology.build(rules, metrics, clock, names, storySettings(stories), topics::refusal, config.dedupRetention(),
                kafka.ruleTopics());
    }

    /**
     * Kafka Streams' clients, with each stream thread's producer loading the rule topics' metadata when
     * it starts and keeping it (so no alert waits for a metadata round trip; {@link RuleTopicsClientSupplier}).
     * Topics Kafka refused or not created yet are left out (their first alert asks, as before); none with
     * {@code NEWSWATCH_KAFKA_RULE_TOPICS=false}.
     */
    @Produces
    @Singleton
    KafkaClientSupplier kafkaClients(RuleRegistry rules, TopicCreator topics, KafkaConfig kafka) {
        return new RuleTopicsClientSupplier(() -> !kafka.ruleTopics() ? List.of() : rules.activeRules().stream().map(Rule::topic).distinct()
                .filter(topic -> topics.refusal(topic).isEmpty() && !topics.pending(topic)).toList());
    }

    /** The story step's settings; an invalid value stops the start with the setting's name and the reason. */
    static StoryPipelineSettings storySettings(StoriesConfig config) {
        try {
            boolean semantic = config.semanticWeight() != 0;
            StorySettings base = semantic
                    ? StorySettings.defaults().withSemanticWeight(config.semanticWeight())
                    : StorySettings.wordsOnly();
            StorySettings clustering = base.withWindow(config.window())
                    .withThreshold(config.threshold().orElse(base.threshold()))
                    .withGrowth(config.growth().orElse(base.growth()))
                    .withMemberSimilarity(config.memberSimilarity().orElse(base.memberSimilarity()))
                    .withMergeSimilarity(config.mergeSimilarity().orElse(base.mergeSimilarity()));
            return new StoryPipelineSettings(clustering,
                    new BreakingRule(config.breakingSources(), config.breakingWindow()), config.retention(),
                    semantic ? MiniLmHeadlineEncoder.load() : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("NEWSWATCH_STORIES_*: " + e.getMessage(), e);
        }
    }

    /** Also the {@link DocumentSink} bean that files and feeds publish through. */
    @Produces
    @Singleton
    KafkaDocumentSink documentSink(KafkaAddress address, KafkaConfig kafka) {
        return new KafkaDocumentSink(address.bootstrapServers(), kafka.retryInterval());
    }

    void closeSink(@Disposes KafkaDocumentSink sink) {
        sink.close();
    }

    /**
     * The archive of documents and alerts under {@code NEWSWATCH_DATA_DIR/archive}; started by
     * {@link Lifecycle}, closed (committing what it read) at shutdown.
     */
    @Produces
    @Singleton
    ArchiveService archive(ArchiveConfig archive, NewswatchConfig config, RuleRegistry rules, Clock clock, Topics names,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        Archiver.Settings archiver = new Archiver.Settings(archive.commitInterval(), archive.maxBatch(),
                archive.retentionCheckInterval(), Duration.ofSeconds(30), Duration.ofMillis(500));
        ArchiveService.Settings settings = new ArchiveService.Settings(archive.enabled(), Path.of(config.dataDir(), "archive"),
                bootstrapServers, names.documents(), names.alerts(), names.stories(), archive.retention(),
                archive.maxSize().map(MemorySize::asLongValue), archiver, archive.maxPageSize(),
                archive.backtestTimeout(), archive.backtestMaxResults(), names.backfill(),
                new Backfiller.Settings(archive.backfillMaxDocuments(), archive.backfillCatchUp()), archive.searchCountBudget(),
                archive.searchCacheSize().asLongValue());
        return new ArchiveService(settings, rules::compiler, clock);
    }

    void closeArchive(@Disposes ArchiveService archive) {
        archive.close();
    }

    /**
     * A failing stream thread (Kafka away longer than the client timeouts, a rule topic not created
     * yet) is replaced: with exactly-once, the uncommitted work is simply redone.
     */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler uncaughtExceptionHandler() {
        return error -> {
            LOG.errorf("stream thread failed (%s: %s); replacing it, uncommitted documents will be processed again",
                    error.getClass().getSimpleName(), error.getMessage());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }
}
