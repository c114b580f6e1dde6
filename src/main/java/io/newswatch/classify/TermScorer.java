package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Match;

/** The words-and-word-pairs model trained at rule load ({@code classifier: labels:}). */
public record TermScorer(LogisticModel model) implements MatchScorer {
    @Override
    public double probability(Document document, Match match) {
        return model.probability(PassageFeatures.of(document, match));
    }
}
