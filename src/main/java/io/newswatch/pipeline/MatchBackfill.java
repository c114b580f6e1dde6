package io.newswatch.pipeline;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.BackfillRequest;
import io.newswatch.document.Document;
import io.newswatch.matching.ActiveRules;
import io.newswatch.matching.Match;
import io.newswatch.rules.Rule;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs the rule a backfill request names, as it is in force now, over the request's archived
 * document, and emits the alert when it matches. A request for a rule that is gone, has no
 * {@code backfill:} any more, or for a document older than the rule's window (a stale request read
 * again) is dropped. Whether the alert was already sent is decided later, in {@link AlertOnce}.
 */
final class MatchBackfill implements Processor<String, BackfillRequest, String, MatchedDocument> {
    private final ActiveRules rules;
    private final Clock clock;
    private ProcessorContext<String, MatchedDocument> context;

    MatchBackfill(ActiveRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, MatchedDocument> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, BackfillRequest> record) {
        BackfillRequest request = record.value();
        Optional<Rule> rule = rules.rule(request.rule());
        if (rule.isEmpty() || rule.get().backfillWindow().isEmpty()) {
            return;
        }
        Document document = request.document();
        Instant now = clock.instant();
        Instant read = document.ingested() == null ? Instant.ofEpochMilli(record.timestamp()) : document.ingested();
        if (read.isBefore(now.minus(rule.get().backfillWindow().get()))) {
            return;
        }
        for (Match match : rules.match(document)) {
            if (match.ruleId().equals(request.rule())) {
                Alert alert = Alert.of(rule.get(), document, match, now);
                context.forward(new Record<>(alert.id(), new MatchedDocument(document, List.of(new RoutedAlert(rule.get().topic(), alert)), null, request.story()),
                        record.timestamp()));
                return;
            }
        }
    }
}
