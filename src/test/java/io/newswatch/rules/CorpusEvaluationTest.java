package io.newswatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.RuleMatcher;
import io.newswatch.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of each shipped rule on a labelled corpus of short news texts
 * ({@code src/test/resources/corpus}): positives in several styles and outlets, hard negatives
 * (cloud deployments, scout troops, tax-treaty boilerplate, FIFA sanctions...) and unrelated news.
 * Every text is labelled for every rule, so each rule's precision is measured against all of them.
 * The figures and every miss are printed, so a change to a rule shows what it gained and lost.
 */
class CorpusEvaluationTest {
    static final Path CORPUS = Path.of("src/test/resources/corpus");
    static final double MIN_PRECISION = 0.9;
    static final double MIN_RECALL = 0.9;
    static final int MIN_POSITIVES = 25;
    static final int MIN_NEGATIVES = 25;

    /** A text's expected outcome for one rule, from {@code labels.tsv}. */
    record Label(String file, String rule, boolean expected, int line) {}

    /** Outcome counts of one rule. */
    static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;
        int trueNegatives;

        double precision() {
            int predicted = truePositives + falsePositives;
            return predicted == 0 ? 0 : truePositives / (double) predicted;
        }

        double recall() {
            int actual = truePositives + falseNegatives;
            return actual == 0 ? 0 : truePositives / (double) actual;
        }
    }

    private static RuleMatcher matcher;
    private static List<Label> labels;
    private static Map<String, Document> documents;

    @BeforeAll
    static void readCorpusAndRules() throws IOException {
        matcher = ShippedRuleFiles.matcher();
        labels = readLabels();
        documents = new TreeMap<>();
        for (Label label : labels) {
            if (!documents.containsKey(label.file())) {
                documents.put(label.file(), readDocument(label.file()));
            }
        }
    }

    @AfterAll
    static void closeMatcher() {
        matcher.close();
    }

    @Test
    void everyTextIsLabelledForEveryShippedRule() throws IOException {
        Map<String, Set<String>> rulesByFile = new TreeMap<>();
        for (Label label : labels) {
            assertTrue(ShippedRuleFiles.SHIPPED.contains(label.rule()),
                    "labels.tsv line " + label.line() + ": unknown rule " + label.rule());
            assertTrue(rulesByFile.computeIfAbsent(label.file(), f -> new java.util.HashSet<>()).add(label.rule()),
                    "labels.tsv line " + label.line() + ": " + label.file() + " is labelled twice for " + label.rule());
        }
        rulesByFile.forEach((file, rules) -> assertEquals(Set.copyOf(ShippedRuleFiles.SHIPPED), rules,
                "labels.tsv: " + file + " must be labelled for every shipped rule"));
        try (var files = Files.list(CORPUS.resolve("docs"))) {
            for (Path file : files.toList()) {
                assertTrue(rulesByFile.containsKey("docs/" + file.getFileName()), file + " has no labels in labels.tsv");
            }
        }
    }

    @Test
    void everyRuleHasEnoughPositivesAndNegatives() {
        for (String rule : ShippedRuleFiles.SHIPPED) {
            long positives = labels.stream().filter(l -> l.rule().equals(rule) && l.expected()).count();
            long negatives = labels.stream().filter(l -> l.rule().equals(rule) && !l.expected()).count();
            assertTrue(positives >= MIN_POSITIVES, rule + " has only " + positives + " positive texts");
            assertTrue(negatives >= MIN_NEGATIVES, rule + " has only " + negatives + " negative texts");
        }
    }

    @Test
    void everyRuleReachesTheTargetPrecisionAndRecall() {
        Map<String, Set<String>> matched = new LinkedHashMap<>();
        documents.forEach((file, document) -> matched.put(file, ShippedRuleFiles.matchingRules(matcher, document)));

        Map<String, Score> scores = new LinkedHashMap<>();
        ShippedRuleFiles.SHIPPED.forEach(rule -> scores.put(rule, new Score()));
        List<String> misses = new ArrayList<>();
        for (Label label : labels) {
            Score score = scores.get(label.rule());
            boolean actual = matched.get(label.file()).contains(label.rule());
            if (label.expected() && actual) {
                score.truePositives++;
            } else if (label.expected()) {
                score.falseNegatives++;
                misses.add("missed        " + label.rule() + "  " + label.file() + "  (" + documents.get(label.file()).title() + ")");
            } else if (actual) {
                score.falsePositives++;
                misses.add("false alarm   " + label.rule() + "  " + label.file() + "  (" + documents.get(label.file()).title() + ")");
            } else {
                score.trueNegatives++;
            }
        }

        StringBuilder report = new StringBuilder("Corpus evaluation (" + documents.size() + " texts)\n");
        report.append(String.format(Locale.ROOT, "%-18s %9s %7s %4s %4s %4s %4s%n", "rule", "precision", "recall", "tp", "fp", "fn", "tn"));
        scores.forEach((rule, s) -> report.append(String.format(Locale.ROOT, "%-18s %9.3f %7.3f %4d %4d %4d %4d%n",
                rule, s.precision(), s.recall(), s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives)));
        misses.forEach(miss -> report.append(miss).append('\n'));
        System.out.println(report);

        List<String> belowTarget = new ArrayList<>();
        scores.forEach((rule, s) -> {
            if (s.precision() < MIN_PRECISION || s.recall() < MIN_RECALL) {
                belowTarget.add(String.format(Locale.ROOT, "%s: precision %.3f, recall %.3f", rule, s.precision(), s.recall()));
            }
        });
        assertEquals(List.of(), belowTarget, "rules below precision/recall " + MIN_PRECISION + "/" + MIN_RECALL + "\n" + report);
    }

    private static List<Label> readLabels() throws IOException {
        List<Label> read = new ArrayList<>();
        List<String> lines = Files.readAllLines(CORPUS.resolve("labels.tsv"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 3 || !(fields[2].equals("yes") || fields[2].equals("no"))) {
                throw new AssertionError("labels.tsv line " + (i + 1) + ": expected file<TAB>rule<TAB>yes|no, got: " + line);
            }
            read.add(new Label(fields[0], fields[1], fields[2].equals("yes"), i + 1));
        }
        return read;
    }

    /** A corpus text: the first line is the headline, the rest the body. */
    private static Document readDocument(String file) throws IOException {
        Path path = CORPUS.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError("labels.tsv names " + file + ", which is not in " + CORPUS);
        }
        String[] parts = Files.readString(path).strip().split("\n", 2);
        return ShippedRuleFiles.document(file, parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
    }
}
