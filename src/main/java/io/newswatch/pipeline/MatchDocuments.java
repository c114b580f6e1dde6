package io.newswatch.pipeline;

import io.newswatch.matching.ActiveRules;
import io.newswatch.alerts.Alert;
import io.newswatch.matching.Match;
import io.newswatch.rules.Rule;
import io.newswatch.document.Document;
import io.newswatch.stories.HeadlineEncoder;
import io.newswatch.stories.StoryClusterer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Matches each new document against the rules in force and emits the document with one alert per
 * matching rule (possibly none: story clustering needs every document), and, when clustering uses
 * headline meaning, the document's headline vector: the model's few milliseconds per headline are
 * spent here, on every stream thread in parallel, instead of on the single clustering task.
 */
final class MatchDocuments implements Processor<String, Document, String, MatchedDocument> {
    private final ActiveRules rules;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final HeadlineEncoder encoder;
    private ProcessorContext<String, MatchedDocument> context;

    /** @param encoder the clusterer's headline encoder when clustering is semantic, else null (no vector computed) */
    MatchDocuments(ActiveRules rules, PipelineMetrics metrics, Clock clock, HeadlineEncoder encoder) {
        this.rules = rules;
        this.metrics = metrics;
        this.clock = clock;
        this.encoder = encoder;
    }

    @Override
    public void init(ProcessorContext<String, MatchedDocument> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Document> record) {
        Document document = record.value();
        metrics.documentProcessed();
        List<RoutedAlert> alerts = new ArrayList<>();
        for (Match match : rules.match(document)) {
            Optional<Rule> rule = rules.rule(match.ruleId());
            if (rule.isEmpty()) {
                continue; // removed by a reload between matching and now
            }
            Alert alert = Alert.of(rule.get(), document, match, clock.instant());
            metrics.ruleMatched(match.ruleId());
            alerts.add(new RoutedAlert(rule.get().topic(), alert));
        }
        float[] meaning = encoder == null ? null
                : encoder.encode(StoryClusterer.headline(ClusterDocuments.input(document, record.timestamp())));
        context.forward(new Record<>(document.id(), new MatchedDocument(document, alerts, meaning), record.timestamp()));
    }
}
