package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Match;

/** How likely a match of a rule's query is a true report (0 to 1), from the document and the match. */
public interface MatchScorer {
    double probability(Document document, Match match);
}
