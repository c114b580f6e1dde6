package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.ClassifierWeights;
import io.newswatch.rules.RuleSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains a rule's passage classifier ({@code train-classifier}): runs the rule's query alone over
 * the labelled documents given (the development split) and the rule's own examples, keeps what it
 * matches (the candidates: labelled {@code yes} true reports, {@code no} false alarms), embeds each
 * candidate's {@link Passages} and fits a {@link DenseLogisticModel}. With {@code max} pooling every
 * passage is one training example carrying its document's label (the document's score at run time
 * is its best passage's); with {@code mean} each document is one example, the mean of its passages.
 * Deterministic: documents in the order given, examples after them in file order, fixed steps.
 */
public final class PassageTrainer {
    /** Fewest true reports and false alarms each the candidates must hold. */
    public static final int MIN_PER_CLASS = 5;

    private final PassageEmbedder embedder;

    public PassageTrainer(PassageEmbedder embedder) {
        this.embedder = embedder;
    }

    /** One labelled document. */
    public record Labelled(String name, Document document, boolean yes) {}

    /** A candidate: a labelled text the query matched, with its passages' vectors. */
    public record Candidate(String name, boolean yes, boolean example, List<float[]> passages) {}

    /** The candidates of a rule among the labelled documents, then among its examples. */
    public List<Candidate> candidates(LoadedRule rule, List<Labelled> labelled) {
        List<Candidate> candidates = new ArrayList<>();
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(rule.id(), rule.query());
            for (Labelled l : labelled) {
                matchOf(matcher, rule.id(), l.document())
                        .ifPresent(m -> candidates.add(new Candidate(l.name(), l.yes(), false, embedder.embed(l.document(), m))));
            }
            int n = 0;
            for (RuleSource.Example example : rule.source().examples()) {
                n++;
                Document document = new Document("example-" + n, "example", rule.rule().file().toString(), "",
                        example.text(), Instant.EPOCH, "en", Instant.EPOCH, List.of(), List.of());
                String name = "example " + n;
                matchOf(matcher, rule.id(), document)
                        .ifPresent(m -> candidates.add(new Candidate(name, example.shouldMatch(), true, embedder.embed(document, m))));
            }
        }
        return candidates;
    }

    static Optional<Match> matchOf(RuleMatcher matcher, String ruleId, Document document) {
        return matcher.match(document).stream().filter(m -> m.ruleId().equals(ruleId)).findFirst();
    }

    /** Refused: too few of a class to learn from. */
    public static final class TooFewException extends Exception {
        public TooFewException(String message) {
            super(message);
        }
    }

    /** The trained model. */
    public static DenseLogisticModel train(List<Candidate> candidates, String pooling, DenseLogisticModel.Settings settings)
            throws TooFewException {
        long yes = candidates.stream().filter(c -> !c.example() && c.yes()).count();
        long no = candidates.stream().filter(c -> !c.example() && !c.yes()).count();
        if (yes < MIN_PER_CLASS || no < MIN_PER_CLASS) {
            throw new TooFewException(String.format(Locale.ROOT, "the query matches %d labelled yes and %d labelled no document(s); "
                    + "a classifier needs at least %d of each: label more documents or widen the query", yes, no, MIN_PER_CLASS));
        }
        return DenseLogisticModel.train(examples(candidates, pooling), ClassifierWeights.DIMENSIONS, settings);
    }

    static List<DenseLogisticModel.Example> examples(List<Candidate> candidates, String pooling) {
        List<DenseLogisticModel.Example> examples = new ArrayList<>();
        for (Candidate c : candidates) {
            if (pooling.equals("mean")) {
                examples.add(new DenseLogisticModel.Example(PassageEmbedder.mean(c.passages()), c.yes()));
            } else {
                for (float[] passage : c.passages()) {
                    examples.add(new DenseLogisticModel.Example(passage, c.yes()));
                }
            }
        }
        return examples;
    }

    /** A candidate's score under a model. */
    public static double score(DenseLogisticModel model, String pooling, Candidate candidate) {
        return new PassageScorer(model, pooling.equals("max"), null).score(candidate.passages());
    }
}
