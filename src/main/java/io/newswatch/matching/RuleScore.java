package io.newswatch.matching;

import java.util.List;

/**
 * How one rule did against a labelled corpus: the four counts, and the documents it got wrong
 * with what an analyst needs to see why.
 *
 * @param falsePositives documents the rule matched but were labelled {@code no}, with the words that fired it
 * @param falseNegatives documents labelled {@code yes} that the rule did not match (no words)
 */
public record RuleScore(String rule, int truePositives, int falsePositives, int falseNegatives, int trueNegatives,
                        List<Error> falsePositiveDocuments, List<Error> falseNegativeDocuments) {

    /** One wrong call: the document, its title, the labeller's reason and the matched words, if any. */
    public record Error(String document, String title, String reason, List<String> words) {
        public Error {
            words = List.copyOf(words);
        }
    }

    public RuleScore {
        falsePositiveDocuments = List.copyOf(falsePositiveDocuments);
        falseNegativeDocuments = List.copyOf(falseNegativeDocuments);
    }

    /** Share of matched documents labelled yes; NaN when the rule matched nothing. */
    public double precision() {
        int predicted = truePositives + falsePositives;
        return predicted == 0 ? Double.NaN : truePositives / (double) predicted;
    }

    /** Share of documents labelled yes that the rule matched; NaN when none is labelled yes. */
    public double recall() {
        int actual = truePositives + falseNegatives;
        return actual == 0 ? Double.NaN : truePositives / (double) actual;
    }

    /** Harmonic mean of precision and recall; NaN when either is undefined, 0 when both are 0. */
    public double f1() {
        double p = precision();
        double r = recall();
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public int labelled() {
        return truePositives + falsePositives + falseNegatives + trueNegatives;
    }
}
