package io.newswatch.pipeline;

import io.newswatch.broker.Topics;





import io.newswatch.document.DocumentJson;

import io.newswatch.matching.ActiveRules;
import java.time.Clock;
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
    /** The default names; the daemon passes the configured ones to {@link #build(ActiveRules, PipelineMetrics, Clock, Topics)}. */
    public static final String DOCUMENTS = Topics.DOCUMENTS;
    public static final String ALERTS = Topics.ALERTS;
    public static final String SEEN_STORE = "seen-documents";

    private AlertTopology() {}

    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock) {
        return build(rules, metrics, clock, Topics.DEFAULTS);
    }

    /** Reads {@code topics.documents()}, writes every alert to {@code topics.alerts()} and to its rule's topic. */
    public static Topology build(ActiveRules rules, PipelineMetrics metrics, Clock clock, Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), SeenDocument.serde()));
        KStream<String, RoutedAlert> alerts = builder
                .stream(topics.documents(), Consumed.with(Serdes.String(), DocumentJson.serde()))
                .process(() -> new DeduplicateDocuments(metrics), SEEN_STORE)
                .process(() -> new MatchDocuments(rules, metrics, clock));
        Produced<String, RoutedAlert> produced = Produced.with(Serdes.String(), RoutedAlert.serde());
        alerts.to(topics.alerts(), produced);
        alerts.to((key, alert, context) -> alert.topic(), produced);
        return builder.build();
    }
}
