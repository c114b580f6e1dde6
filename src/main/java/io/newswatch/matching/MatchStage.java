package io.newswatch.matching;

import io.newswatch.document.Document;
import java.util.List;

/**
 * A port for a stage after the query: it sees each rule as it comes into force and may drop some
 * of a document's matches (the learned second stage, implemented above in {@code classify}).
 * {@link RuleRegistry} calls it; {@link #NONE} keeps every match.
 */
public interface MatchStage {
    /** Keeps every match; rules run on their queries alone. */
    MatchStage NONE = new MatchStage() {
        @Override
        public void prepare(LoadedRule rule) {}

        @Override
        public void forget(String ruleId) {}

        @Override
        public List<Match> apply(Document document, List<Match> matches) {
            return matches;
        }
    };

    /** The rule is now in force (loaded, reloaded, or its last good version restored). Must not throw. */
    void prepare(LoadedRule rule);

    /** The rule is out of force. */
    void forget(String ruleId);

    /** The matches to keep, in the given order. */
    List<Match> apply(Document document, List<Match> matches);
}
