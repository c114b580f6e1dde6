package io.newswatch.daemon;

import io.newswatch.config.EvaluationConfig;
import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.rules.Rule;
import io.newswatch.matching.RuleRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Wires the background evaluation of the rules in force on {@code NEWSWATCH_EVALUATION_LABELS}
 * ({@link RuleEvaluations}); {@link Lifecycle} refreshes it after each rules reload.
 */
@ApplicationScoped
public class EvaluationService {
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    @Produces
    @Singleton
    RuleEvaluations evaluations(EvaluationConfig config, RuleRegistry rules, DocumentFileReader reader, Clock clock) {
        if (config.labels().map(String::isBlank).orElse(true)) {
            return new RuleEvaluations(RuleEvaluations.Settings.OFF, null, reader, clock);
        }
        EvaluationSplit split;
        try {
            split = EvaluationSplit.named(config.split().strip());
        } catch (IllegalArgumentException e) {
            LOG.errorf("NEWSWATCH_EVALUATION_SPLIT: %s; evaluating on all labelled documents", e.getMessage());
            split = EvaluationSplit.ALL;
        }
        Path labels = Path.of(config.labels().get().strip());
        Path docs = config.docs().filter(d -> !d.isBlank()).map(d -> Path.of(d.strip())).orElse(null);
        LOG.infof("evaluation: the rules in force are measured on %s (documents in %s, split %s) after each change",
                labels, docs != null ? docs : labels.toAbsolutePath().getParent(), split.label());
        return new RuleEvaluations(new RuleEvaluations.Settings(labels, docs, split), new RuleEvaluations.RulesInForce(
                rules::version, () -> rules.activeRules().stream().map(Rule::id).collect(Collectors.toSet()), rules::match),
                reader, clock);
    }

    void dispose(@Disposes RuleEvaluations evaluations) {
        evaluations.close();
    }
}
