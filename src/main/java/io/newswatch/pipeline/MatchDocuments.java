package io.newswatch.pipeline;



import io.newswatch.matching.ActiveRules;
import io.newswatch.alerts.Alert;
import io.newswatch.matching.Match;
import io.newswatch.rules.Rule;
import io.newswatch.document.Document;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/** Matches each new document against the rules in force and emits one alert per matching rule. */
final class MatchDocuments implements Processor<String, Document, String, RoutedAlert> {
    private static final Logger LOG = Logger.getLogger(MatchDocuments.class);

    private final ActiveRules rules;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, RoutedAlert> context;

    MatchDocuments(ActiveRules rules, PipelineMetrics metrics, Clock clock) {
        this.rules = rules;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, RoutedAlert> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Document> record) {
        Document document = record.value();
        metrics.documentProcessed();
        for (Match match : rules.match(document)) {
            Optional<Rule> rule = rules.rule(match.ruleId());
            if (rule.isEmpty()) {
                continue; // removed by a reload between matching and now
            }
            Alert alert = Alert.of(rule.get(), document, match, clock.instant());
            metrics.ruleMatched(match.ruleId());
            LOG.infof("alert %s: rule %s matched document %s (%s)", alert.id(), match.ruleId(), document.id(), document.location());
            context.forward(new Record<>(alert.id(), new RoutedAlert(rule.get().topic(), alert), record.timestamp()));
            metrics.alertPublished(match.ruleId());
        }
    }
}
