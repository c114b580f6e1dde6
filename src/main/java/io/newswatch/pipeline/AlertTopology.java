package io.newswatch.pipeline;

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
import org.apache.kafka.streams.state.Stores;

/**
 * documents → deduplicate by id → match → alerts, written both to {@code newswatch.alerts} (every
 * alert) and to the rule's own topic. All of it runs in Kafka Streams with exactly-once v2, so the
 * dedup store, the alerts and the input offsets commit together.
 */
public final class AlertTopology {
    private static final Logger LOG = Logger.getLogger(AlertTopology.class);
    /** The default names; the daemon passes the configured ones to {@link #build(ActiveRules, PipelineMetrics, Clock, Topics)}. */
    public static final String DOCUMENTS = Topics.DOCUMENTS;
    public static final String ALERTS = Topics.ALERTS;
    public static final String SEEN_STORE = "seen-documents";
    /** How long a processed document id is remembered when nothing is configured. */
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(30);

    private AlertTopology() {}

    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock) {
        return build(rules, metrics, clock, Topics.DEFAULTS);
    }

    /** {@link #build(ActiveRules, PipelineMetrics, Clock, Topics, Function)} with every rule topic usable. */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics) {
        return build(rules, metrics, clock, topics, topic -> Optional.empty(), DEFAULT_DEDUP_RETENTION);
    }

    /**
     * Reads {@code topics.documents()}, drops documents whose id was seen within {@code dedupRetention},
     * writes every alert to {@code topics.alerts()} and to its rule's
     * topic, unless {@code refusal} says the cluster refused that topic for good (see
     * {@code TopicCreator.refusal}): writing to it would fail the stream thread again and again and
     * hold back every rule's alerts, so such an alert is on the all-alerts topic only, and logged.
     */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics,
                                 Function<String, Optional<String>> refusal, Duration dedupRetention) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), SeenDocument.serde()));
        KStream<String, RoutedAlert> alerts = builder
                .stream(topics.documents(), Consumed.with(Serdes.String(), DocumentJson.serde()))
                .process(() -> new DeduplicateDocuments(metrics, dedupRetention), SEEN_STORE)
                .process(() -> new MatchDocuments(rules, metrics, clock));
        Produced<String, RoutedAlert> produced = Produced.with(Serdes.String(), RoutedAlert.serde());
        alerts.to(topics.alerts(), produced);
        alerts.filter((key, alert) -> {
            Optional<String> refused = refusal.apply(alert.topic());
            refused.ifPresent(reason -> LOG.warnf("alert %s of rule %s is on %s only: its topic %s was refused by Kafka (%s)",
                    key, alert.alert().rule().id(), topics.alerts(), alert.topic(), reason));
            return refused.isEmpty();
        }).to((key, alert, context) -> alert.topic(), produced);
        return builder.build();
    }
}
