package io.newswatch.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.newswatch.matching.RuleScore;
import java.util.List;

/**
 * One rule's evaluation as JSON gives it, the one shape of a rule in {@code evaluate --json}'s {@code rules[]}
 * and of {@code GET /api/rules/{id}/evaluation}: the counts, precision, recall and F1 (rounded to four
 * decimals; null when undefined, and every figure null while a rule has none) and the documents it got wrong.
 *
 * @param falsePositives documents matched but labelled {@code no}, with the words that fired the rule; left out of
 *                       the JSON (null) where only the figures are given ({@code evaluate --json}'s {@code core})
 * @param falseNegatives documents labelled {@code yes} that the rule did not match; as {@code falsePositives}
 */
public record RuleFigures(String rule, Integer tp, Integer fp, Integer fn, Integer tn, Double precision, Double recall, Double f1,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<FalsePositive> falsePositives,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<FalseNegative> falseNegatives) {

    /** A document the rule matched but that is labelled {@code no}, with the words that fired the rule. */
    public record FalsePositive(String document, String title, String reason, List<String> words) {}

    /** A document labelled {@code yes} that the rule did not match. */
    public record FalseNegative(String document, String title, String reason) {}

    /** The rule's figures and the documents it got wrong. */
    public static RuleFigures of(RuleScore s) {
        return figures(s, s.falsePositiveDocuments().stream().map(e -> new FalsePositive(e.document(), e.title(), e.reason(), e.words())).toList(),
                s.falseNegativeDocuments().stream().map(e -> new FalseNegative(e.document(), e.title(), e.reason())).toList());
    }

    /** The rule's figures only. */
    static RuleFigures countsOf(RuleScore s) {
        return figures(s, null, null);
    }

    /** A rule without figures (not evaluated yet, or not labelled): its id, every figure null, no documents. */
    public static RuleFigures none(String rule) {
        return new RuleFigures(rule, null, null, null, null, null, null, null, List.of(), List.of());
    }

    private static RuleFigures figures(RuleScore s, List<FalsePositive> falsePositives, List<FalseNegative> falseNegatives) {
        return new RuleFigures(s.rule(), s.truePositives(), s.falsePositives(), s.falseNegatives(), s.trueNegatives(),
                EvaluationReport.rounded(s.precision()), EvaluationReport.rounded(s.recall()), EvaluationReport.rounded(s.f1()),
                falsePositives, falseNegatives);
    }
}
