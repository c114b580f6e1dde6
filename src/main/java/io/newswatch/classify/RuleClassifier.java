package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Match;

/**
 * One rule's second stage in force: keeps a match of the rule's query when the scorer finds it at
 * least {@code threshold} likely to be a true report.
 *
 * @param summary what it was trained on, for the log and {@code check-rules}
 */
public record RuleClassifier(String ruleId, MatchScorer scorer, double threshold, String summary) {
    public double probability(Document document, Match match) {
        return scorer.probability(document, match);
    }

    public boolean keeps(Document document, Match match) {
        return probability(document, match) >= threshold;
    }
}
