package io.newswatch.pipeline;

import io.newswatch.alerts.BackfillRequest;
import io.newswatch.broker.Topics;
import io.newswatch.document.DocumentJson;
import io.newswatch.matching.ActiveRules;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * documents → deduplicate by id → match and encode the headline (in parallel, per input partition) → repartition to one
 * partition → story clustering and near-duplicate suppression → alerts, written both to
 * {@code newswatch.alerts} (every alert) and to the rule's own topic (unless rule topics are off), and story changes to
 * {@code newswatch.stories}. All of it runs in Kafka Streams with exactly-once v2, so the stores,
 * the alerts, the stories and the input offsets commit together. docs/stories.md says why one
 * clustering partition and what it costs.
 */
public final class AlertTopology {
    private static final Logger LOG = Logger.getLogger(AlertTopology.class);
    /** The default names; the daemon passes the configured ones to {@link #build(ActiveRules, PipelineMetrics, Clock, Topics, StoryPipelineSettings)}. */
    public static final String DOCUMENTS = Topics.DOCUMENTS;
    public static final String ALERTS = Topics.ALERTS;
    public static final String SEEN_STORE = "seen-documents";
    /** Story id → {@link StoredStory}; queryable (interactive queries) for {@code /api/stories}. */
    public static final String STORIES_STORE = "stories";
    static final String STORY_TERMS_STORE = "story-terms";
    static final String STORY_ALERTS_STORE = "story-alerts";
    /** Alert id → record time of every alert sent within the dedup retention ({@link AlertOnce}). */
    static final String SENT_ALERTS_STORE = "sent-alerts";
    /** Name of the backfill step's repartition; its topic is {@code <application.id>-backfill-alerting-repartition}. */
    static final String BACKFILL_ALERTING = "backfill-alerting";
    static final String BACKFILL_ORIGIN = "backfill";
    /** Name of the repartition step; its topic is {@code <application.id>-stories-clustering-repartition}. */
    static final String CLUSTERING = "stories-clustering";
    /** How long a processed document id is remembered when nothing is configured. */
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(30);

    private AlertTopology() {}

    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock) {
        return build(rules, metrics, clock, Topics.DEFAULTS, StoryPipelineSettings.defaults());
    }

    /** {@link #build(ActiveRules, PipelineMetrics, Clock, Topics, StoryPipelineSettings, Function, Duration)} with defaults. */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics) {
        return build(rules, metrics, clock, topics, StoryPipelineSettings.defaults());
    }

    /** With every rule topic usable and the default dedup retention. */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics, StoryPipelineSettings stories) {
        return build(rules, metrics, clock, topics, stories, topic -> Optional.empty(), DEFAULT_DEDUP_RETENTION);
    }

    /** With the default story settings. */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics,
                                 Function<String, Optional<String>> refusal, Duration dedupRetention) {
        return build(rules, metrics, clock, topics, StoryPipelineSettings.defaults(), refusal, dedupRetention);
    }

    /**
     * Reads {@code topics.documents()}, drops documents whose id was seen within {@code dedupRetention},
     * matches, clusters into stories, writes every alert to {@code topics.alerts()} and to its rule's
     * topic, unless {@code refusal} says the cluster refused that topic for good (see
     * {@code TopicCreator.refusal}): writing to it would fail the stream thread again and again and
     * hold back every rule's alerts, so such an alert is on the all-alerts topic only, and logged.
     * Story states go to {@code topics.stories()}.
     */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics,
                                 StoryPipelineSettings stories, Function<String, Optional<String>> refusal,
                                 Duration dedupRetention) {
        return build(rules, metrics, clock, topics, stories, refusal, dedupRetention, true);
    }

    /**
     * @param ruleTopics true (the default, {@code NEWSWATCH_KAFKA_RULE_TOPICS}): every alert also goes to its
     *        rule's own topic; false: alerts go to {@code topics.alerts()} only, so an exactly-once transaction
     *        writes to the all-alerts topic's few partitions instead of one partition per rule that alerted
     *        (with many rules the per-partition transaction work is most of the pipeline's CPU,
     *        docs/benchmarks.md "Round six: pipeline"). The records on {@code topics.alerts()} are the same.
     */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics,
                                 StoryPipelineSettings stories, Function<String, Optional<String>> refusal,
                                 Duration dedupRetention, boolean ruleTopics) {
        return build(rules, metrics, clock, topics, stories, refusal, dedupRetention, ruleTopics, true);
    }

    /**
     * @param headlinesOnMatchingTasks true (the daemon): the headline vector is computed on the
     *        parallel matching tasks and carried to the clustering task; false: the clustering task
     *        encodes every headline itself, the placement before round four, kept so that
     *        {@code PipelineBenchmark headline=clustering} can measure both in one run. Both give
     *        the same stories.
     */
    static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics,
                          StoryPipelineSettings stories, Function<String, Optional<String>> refusal,
                          Duration dedupRetention, boolean ruleTopics, boolean headlinesOnMatchingTasks) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), SeenDocument.serde()));
        // The clustering stores are cached (Kafka Streams' record cache, flushed at each commit, inside
        // the transaction): a story or a common term updated by many documents between two commits is
        // written to RocksDB and its changelog once, not once per document (story-terms takes a put per
        // distinct word of every document). Exactly-once is unchanged: the flush precedes the commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORIES_STORE), Serdes.String(), StoredStory.serde()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORY_TERMS_STORE), Serdes.String(), Serdes.String()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORY_ALERTS_STORE), Serdes.String(), Serdes.String()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SENT_ALERTS_STORE), Serdes.String(), Serdes.Long()));
        KStream<String, StoryOutput> output = builder
                .stream(topics.documents(), Consumed.with(Serdes.String(), DocumentJson.serde()))
                .process(() -> new DeduplicateDocuments(metrics, dedupRetention), SEEN_STORE)
                .process(() -> new MatchDocuments(rules, metrics, clock,
                        headlinesOnMatchingTasks && stories.clustering().semantic() ? stories.encoder() : null))
                .repartition(Repartitioned.<String, MatchedDocument>as(CLUSTERING)
                        .withKeySerde(Serdes.String()).withValueSerde(MatchedDocument.serde()).withNumberOfPartitions(1))
                .process(() -> new ClusterDocuments(stories.clustering(), stories.encoder(), stories.breaking(), stories.retention(), metrics),
                        STORIES_STORE, STORY_TERMS_STORE, STORY_ALERTS_STORE);
        Duration sentRetention = dedupRetention;
        KStream<String, RoutedAlert> live = output.filter((key, out) -> out.alert() != null).mapValues(StoryOutput::alert)
                .process(() -> new AlertOnce(sentRetention, "stream"), SENT_ALERTS_STORE);
        KStream<String, RoutedAlert> backfilled = builder
                .stream(topics.backfill(), Consumed.with(Serdes.String(), BackfillRequest.serde()))
                .process(() -> new MatchBackfill(rules, clock))
                .repartition(Repartitioned.<String, MatchedDocument>as(BACKFILL_ALERTING)
                        .withKeySerde(Serdes.String()).withValueSerde(MatchedDocument.serde()).withNumberOfPartitions(1))
                .process(PlaceBackfillInStory::new, STORIES_STORE, STORY_ALERTS_STORE)
                .process(() -> new AlertOnce(sentRetention, BACKFILL_ORIGIN), SENT_ALERTS_STORE);
        KStream<String, RoutedAlert> alerts = live.merge(backfilled);
        Produced<String, RoutedAlert> produced = Produced.with(Serdes.String(), RoutedAlert.serde());
        alerts.to(topics.alerts(), produced);
        if (ruleTopics) {
            alerts.filter((key, alert) -> {
                Optional<String> refused = refusal.apply(alert.topic());
                refused.ifPresent(reason -> LOG.warnf("alert %s of rule %s is on %s only: its topic %s was refused by Kafka (%s)",
                        key, alert.alert().rule().id(), topics.alerts(), alert.topic(), reason));
                return refused.isEmpty();
            }).to((key, alert, context) -> alert.topic(), produced);
        }
        output.filter((key, out) -> out.story() != null)
                .mapValues(out -> StoryView.of(out.story(), out.joined()))
                .to(topics.stories(), Produced.with(Serdes.String(), StoryView.serde()));
        return builder.build();
    }
}
