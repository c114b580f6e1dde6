package io.newswatch.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.RuleEvaluator;
import io.newswatch.matching.RuleScore;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one evaluation found: the corpus it used, one score per rule (with the false positives and the
 * words that fired them, the false negatives with their titles) and the problems met on the way.
 */
public record EvaluationReport(String corpus, int documents, int labels, EvaluationSplit split, List<RuleScore> scores,
                               List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EvaluationReport {
        scores = List.copyOf(scores);
        problems = List.copyOf(problems);
    }

    /**
     * Scores the corpus's labels with {@code evaluator} (which holds the rules to evaluate).
     *
     * @param rulesOrigin where the rules come from, for the corpus line
     */
    public static EvaluationReport of(LabelledCorpus corpus, RuleEvaluator evaluator, String rulesOrigin) {
        List<RuleScore> scores = evaluator.evaluate(corpus.labels(), corpus.documents());
        String line = String.format(Locale.ROOT, "%d document(s), %d label(s), split %s, labels %s, rules %s",
                corpus.documents().size(), corpus.labels().size(), corpus.split().label(), corpus.labelsFile(), rulesOrigin);
        return new EvaluationReport(line, corpus.documents().size(), corpus.labels().size(), corpus.split(), scores, corpus.problems());
    }

    /** The score of one rule, if the corpus labels it. */
    public Optional<RuleScore> score(String rule) {
        return scores.stream().filter(s -> s.rule().equals(rule)).findFirst();
    }

    /** A figure with three decimals, {@code -} when undefined (NaN). */
    public static String figure(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The {@code evaluate --json} document. */
    public String toJson() {
        return toJson(Optional.empty());
    }

    /**
     * The {@code evaluate --json} document; with {@code core}, the same evaluation on the GUIDE's core
     * view ({@link LabelView#CORE}) as a {@code "core"} object: its label count and per-rule figures.
     * Each rule is a {@link RuleFigures}, as {@code GET /api/rules/{id}/evaluation} gives it.
     */
    public String toJson(Optional<EvaluationReport> core) {
        try {
            return JSON.writeValueAsString(new Json(documents, labels, split.label(), corpus, scores.stream().map(RuleFigures::of).toList(),
                    problems, core.map(view -> new Core(view.labels(), view.scores().stream().map(RuleFigures::countsOf).toList())).orElse(null)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain records of strings and numbers: not expected
        }
    }

    /** The shape of the {@code evaluate --json} document. */
    record Json(int documents, int labels, String split, String corpus, List<RuleFigures> rules, List<String> problems,
                @JsonInclude(JsonInclude.Include.NON_NULL) Core core) {}

    /** The core view's part of it: its label count and each rule's figures. */
    record Core(int labels, List<RuleFigures> rules) {}

    /** Rounded to four decimals; null when undefined. */
    public static Double rounded(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10_000) / 10_000.0;
    }
}
