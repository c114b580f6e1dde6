package io.newswatch.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.RuleEvaluator;
import io.newswatch.matching.RuleScore;
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
     */
    public String toJson(Optional<EvaluationReport> core) {
        ObjectNode root = JSON.createObjectNode();
        root.put("documents", documents);
        root.put("labels", labels);
        root.put("split", split.label());
        root.put("corpus", corpus);
        ArrayNode rules = root.putArray("rules");
        for (RuleScore s : scores) {
            ObjectNode rule = putFigures(rules.addObject(), s);
            ArrayNode fps = rule.putArray("false_positives");
            for (RuleScore.Error e : s.falsePositiveDocuments()) {
                ObjectNode fp = fps.addObject();
                fp.put("document", e.document());
                fp.put("title", e.title());
                fp.put("reason", e.reason());
                ArrayNode words = fp.putArray("words");
                e.words().forEach(words::add);
            }
            ArrayNode fns = rule.putArray("false_negatives");
            for (RuleScore.Error e : s.falseNegativeDocuments()) {
                ObjectNode fn = fns.addObject();
                fn.put("document", e.document());
                fn.put("title", e.title());
                fn.put("reason", e.reason());
            }
        }
        ArrayNode list = root.putArray("problems");
        problems.forEach(list::add);
        core.ifPresent(view -> {
            ObjectNode node = root.putObject("core");
            node.put("labels", view.labels());
            ArrayNode figures = node.putArray("rules");
            view.scores().forEach(s -> putFigures(figures.addObject(), s));
        });
        return root.toString();
    }

    /** A rule's id, counts and figures into {@code rule}. */
    private static ObjectNode putFigures(ObjectNode rule, RuleScore s) {
        rule.put("rule", s.rule());
        rule.put("tp", s.truePositives());
        rule.put("fp", s.falsePositives());
        rule.put("fn", s.falseNegatives());
        rule.put("tn", s.trueNegatives());
        putFigure(rule, "precision", s.precision());
        putFigure(rule, "recall", s.recall());
        putFigure(rule, "f1", s.f1());
        return rule;
    }

    /** Rounded to four decimals; null when undefined. */
    public static Double rounded(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10_000) / 10_000.0;
    }

    private static void putFigure(ObjectNode node, String field, double value) {
        Double rounded = rounded(value);
        if (rounded == null) {
            node.putNull(field);
        } else {
            node.put(field, rounded);
        }
    }
}
