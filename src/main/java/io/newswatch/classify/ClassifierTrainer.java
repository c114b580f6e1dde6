package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Label;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.ClassifierSpec;
import io.newswatch.rules.RuleSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains a rule's classifier on what its query lets through: every labelled development document
 * the query matches (labelled {@code yes}: a true report; {@code no}: a false alarm), plus the rule's
 * own {@code match} examples that the query matches (true reports) and any {@code no_match} example
 * it matches (a false alarm). Documents the query does not match are not seen: the classifier only
 * ever decides among the query's matches. Same corpus and rule, same weights.
 */
public final class ClassifierTrainer {
    /** Fewest true reports and false alarms each the query's matches must hold to learn anything. */
    public static final int MIN_PER_CLASS = 5;

    private final LogisticModel.Settings settings;

    public ClassifierTrainer() {
        this(LogisticModel.Settings.DEFAULT);
    }

    public ClassifierTrainer(LogisticModel.Settings settings) {
        this.settings = settings;
    }

    /** Training examples drawn from the corpus and the rule's examples, in a fixed order. */
    public record TrainingSet(List<LogisticModel.Example> examples, int positives, int negatives, int fromExamples) {}

    public TrainingSet trainingSet(LoadedRule rule, TrainingCorpus corpus) {
        List<LogisticModel.Example> examples = new ArrayList<>();
        int positives = 0;
        int negatives = 0;
        int fromExamples = 0;
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(rule.id(), rule.query());
            for (Label label : corpus.labelsOf(rule.id())) {
                Document document = corpus.documents().get(label.document());
                Optional<Match> match = matchOf(matcher, rule.id(), document);
                if (match.isPresent()) {
                    examples.add(new LogisticModel.Example(PassageFeatures.of(document, match.get()), label.expected()));
                    if (label.expected()) {
                        positives++;
                    } else {
                        negatives++;
                    }
                }
            }
            Instant now = Instant.EPOCH;
            for (RuleSource.Example example : rule.source().examples()) {
                Document document = new Document("example", "example", rule.rule().file().toString(), "",
                        example.text(), now, "en", now, List.of(), List.of());
                Optional<Match> match = matchOf(matcher, rule.id(), document);
                if (match.isPresent()) {
                    examples.add(new LogisticModel.Example(PassageFeatures.of(document, match.get()), example.shouldMatch()));
                    fromExamples++;
                }
            }
        }
        return new TrainingSet(examples, positives, negatives, fromExamples);
    }

    /** The trained classifier, or why the rule runs on its query alone. */
    public sealed interface Outcome permits Trained, QueryOnly {}

    public record Trained(RuleClassifier classifier) implements Outcome {}

    public record QueryOnly(String reason) implements Outcome {}

    public Outcome train(LoadedRule rule, ClassifierSpec spec, TrainingCorpus corpus) {
        TrainingSet set = trainingSet(rule, corpus);
        if (set.positives() < MIN_PER_CLASS || set.negatives() < MIN_PER_CLASS) {
            return new QueryOnly(String.format(Locale.ROOT,
                    "the query matches %d document(s) labelled yes and %d labelled no in the development split of %s; "
                            + "the classifier needs at least %d of each", set.positives(), set.negatives(), spec.labels(), MIN_PER_CLASS));
        }
        LogisticModel model = LogisticModel.train(set.examples(), settings);
        String summary = String.format(Locale.ROOT,
                "trained on %d query match(es) of the development split of %s (%d yes, %d no) and %d example(s); keeps matches with p >= %s",
                set.positives() + set.negatives(), spec.labels(), set.positives(), set.negatives(), set.fromExamples(),
                spec.threshold());
        return new Trained(new RuleClassifier(rule.id(), new TermScorer(model), spec.threshold(), summary));
    }

    static Optional<Match> matchOf(RuleMatcher matcher, String ruleId, Document document) {
        return matcher.match(document).stream().filter(m -> m.ruleId().equals(ruleId)).findFirst();
    }
}
