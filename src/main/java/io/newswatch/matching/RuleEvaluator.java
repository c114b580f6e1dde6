package io.newswatch.matching;

import io.newswatch.document.Document;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Scores rules against labelled documents: each document is matched once against every
 * registered rule, and each label is counted as a true or false positive or negative of its rule.
 * False positives keep the words the rule matched (from its highlights) and false negatives the
 * document's title, so an analyst sees why a rule fired or what it missed.
 */
public final class RuleEvaluator {
    /** Most distinct matched words listed per false positive. */
    public static final int MAX_WORDS = 12;

    private final Function<Document, List<Match>> matcher;

    /** @param matcher holding the rules to evaluate (and possibly others, which are ignored) */
    public RuleEvaluator(RuleMatcher matcher) {
        this(matcher::match);
    }

    /** @param matcher a document's matches: the query's, or what a later stage kept of them */
    public RuleEvaluator(Function<Document, List<Match>> matcher) {
        this.matcher = matcher;
    }

    /**
     * @param labels    labels whose document is in {@code documents} and whose rule is registered
     * @param documents document path as the labels write it, to the document read from it
     * @return one score per rule, in the order the rules first appear in {@code labels}
     */
    public List<RuleScore> evaluate(List<Label> labels, Map<String, Document> documents) {
        Map<String, Map<String, Match>> matchesByDocument = new LinkedHashMap<>();
        for (Label label : labels) {
            matchesByDocument.computeIfAbsent(label.document(), name -> {
                Document document = documents.get(name);
                if (document == null) {
                    throw new IllegalArgumentException("label at line " + label.line() + " names " + name + ", which was not read");
                }
                Map<String, Match> byRule = new LinkedHashMap<>();
                for (Match match : matcher.apply(document)) {
                    byRule.put(match.ruleId(), match);
                }
                return byRule;
            });
        }
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (Label label : labels) {
            Tally tally = tallies.computeIfAbsent(label.rule(), Tally::new);
            Match match = matchesByDocument.get(label.document()).get(label.rule());
            String title = documents.get(label.document()).title();
            if (label.expected() && match != null) {
                tally.truePositives++;
            } else if (label.expected()) {
                tally.falseNegatives.add(new RuleScore.Error(label.document(), title, label.reason(), List.of()));
            } else if (match != null) {
                tally.falsePositives.add(new RuleScore.Error(label.document(), title, label.reason(), words(match)));
            } else {
                tally.trueNegatives++;
            }
        }
        return tallies.values().stream().map(Tally::score).toList();
    }

    /** The distinct words a match highlighted, in document order (title first), case-insensitively distinct. */
    static List<String> words(Match match) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> words = new ArrayList<>();
        for (Highlight highlight : match.highlights()) {
            String word = highlight.term().strip().replaceAll("\\s+", " ");
            if (!word.isEmpty() && seen.add(word.toLowerCase(Locale.ROOT)) && words.size() < MAX_WORDS) {
                words.add(word);
            }
        }
        return words;
    }

    private static final class Tally {
        final String rule;
        int truePositives;
        int trueNegatives;
        final List<RuleScore.Error> falsePositives = new ArrayList<>();
        final List<RuleScore.Error> falseNegatives = new ArrayList<>();

        Tally(String rule) {
            this.rule = rule;
        }

        RuleScore score() {
            return new RuleScore(rule, truePositives, falsePositives.size(), falseNegatives.size(), trueNegatives,
                    falsePositives, falseNegatives);
        }
    }
}
