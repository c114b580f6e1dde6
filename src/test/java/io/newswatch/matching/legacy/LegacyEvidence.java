package io.newswatch.matching.legacy;

import io.newswatch.matching.Fields;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.NewsAnalyzer;
import io.newswatch.matching.Snippet;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.monitor.QueryMatch;

/**
 * What one rule found in one document: its score and the character spans of the words it
 * matched, per Lucene field. Kept in Lucene terms; {@link LegacyRuleMatcher} maps spans back to the
 * document's title and body.
 */
public final class LegacyEvidence extends QueryMatch {
    /** {@code field} is the Lucene field; offsets are into that field's text. */
    record Span(String field, int start, int end) {}

    private final float score;
    private final Set<Span> spans;

    LegacyEvidence(String ruleId, float score, Set<Span> spans) {
        super(ruleId);
        this.score = score;
        this.spans = spans;
    }

    float score() {
        return score;
    }

    Set<Span> spans() {
        return spans;
    }

    /** Monitor splits a top-level OR into parts matched separately; the rule's evidence is all of them. */
    LegacyEvidence merge(LegacyEvidence other) {
        Set<Span> all = new LinkedHashSet<>(spans);
        all.addAll(other.spans);
        return new LegacyEvidence(getQueryId(), score + other.score, all);
    }
}
