package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Match;

/**
 * One rule's trained second stage: keeps a match of the rule's query when the model finds it at
 * least {@code threshold} likely to be a true report.
 *
 * @param summary what it was trained on, for the log and {@code check-rules}
 */
public record RuleClassifier(String ruleId, LogisticModel model, double threshold, String summary) {
    public double probability(Document document, Match match) {
        return model.probability(PassageFeatures.of(document, match));
    }

    public boolean keeps(Document document, Match match) {
        return probability(document, match) >= threshold;
    }
}
