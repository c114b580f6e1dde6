package io.newswatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.classify.ClassifierTrainer;
import io.newswatch.classify.SecondStage;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.ingest.IngestException;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.Label;
import io.newswatch.matching.LabelsFile;
import io.newswatch.matching.RuleEvaluator;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleScore;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.document.Document;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code evaluate --rules DIR --labels FILE [--docs DIR] [--split all|dev|validation] [--rule ID] [--json]}:
 * precision and recall of each rule on a labelled corpus, with every false positive and the
 * words that fired it, and every false negative with its title. Documents are read as {@code scan}
 * reads files, so the figures are those of the daemon. Problems with the labels (bad lines,
 * documents that cannot be read, rules that are not in the rules directory) are reported as
 * {@code file:line: message} on stderr and those labels left out; the command exits 0 whenever it
 * could evaluate, 1 when it could not (no labels file, nothing left to evaluate), 2 on bad usage.
 */
final class EvaluateCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USAGE = "usage: evaluate --rules DIR --labels FILE [--docs DIR] [--split all|dev|validation] [--rule ID] [--json] [--no-classifier]";

    private EvaluateCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of("rules");
        Path labelsFile = null;
        Path docsDir = null;
        EvaluationSplit split = EvaluationSplit.ALL;
        Set<String> onlyRules = new TreeSet<>();
        boolean json = false;
        boolean classifiers = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--json")) {
                json = true;
                continue;
            }
            if (arg.equals("--no-classifier")) {
                classifiers = false;
                continue;
            }
            if (!List.of("--rules", "--labels", "--docs", "--split", "--rule").contains(arg)) {
                err.println("evaluate: unexpected argument " + arg + "; " + USAGE);
                return 2;
            }
            if (i + 1 >= args.size()) {
                err.println("evaluate: " + arg + " needs a value; " + USAGE);
                return 2;
            }
            String value = args.get(++i);
            switch (arg) {
                case "--rules" -> rulesDir = Path.of(value);
                case "--labels" -> labelsFile = Path.of(value);
                case "--docs" -> docsDir = Path.of(value);
                case "--rule" -> onlyRules.add(value);
                default -> {
                    try {
                        split = EvaluationSplit.named(value);
                    } catch (IllegalArgumentException e) {
                        err.println("evaluate: " + e.getMessage());
                        return 2;
                    }
                }
            }
        }
        if (labelsFile == null) {
            err.println("evaluate: --labels is required; " + USAGE);
            return 2;
        }

        LabelsFile.Result labels;
        try {
            labels = LabelsFile.read(labelsFile);
        } catch (NoSuchFileException e) {
            err.println("evaluate: " + labelsFile + ": no such labels file; check the path");
            return 1;
        } catch (IOException | java.io.UncheckedIOException e) {
            err.println("evaluate: " + labelsFile + ": cannot read the labels file (" + e.getMessage() + ")");
            return 1;
        }
        List<String> problems = new ArrayList<>(labels.problems());
        Path base = docsDir != null ? docsDir : labelsFile.toAbsolutePath().getParent();

        RuleSet rules = new RuleLoader(RecipientsFile.knownNames(rulesDir)).load(rulesDir);
        rules.problems().forEach(p -> problems.add(p.toString()));
        Map<String, LoadedRule> loaded = new LinkedHashMap<>();
        rules.rules().forEach(rule -> loaded.put(rule.id(), rule));

        // Labels of rules that did not load, reported once per rule at its first line.
        List<Label> usable = new ArrayList<>();
        Map<String, List<Label>> unknownRules = new LinkedHashMap<>();
        for (Label label : labels.labels()) {
            if (!onlyRules.isEmpty() && !onlyRules.contains(label.rule())) {
                continue;
            }
            if (!split.contains(label.document())) {
                continue;
            }
            if (loaded.containsKey(label.rule())) {
                usable.add(label);
            } else {
                unknownRules.computeIfAbsent(label.rule(), r -> new ArrayList<>()).add(label);
            }
        }
        for (Map.Entry<String, List<Label>> unknown : unknownRules.entrySet()) {
            problems.add(labelsFile + ":" + unknown.getValue().getFirst().line() + ": no rule \"" + unknown.getKey()
                    + "\" was loaded from " + rulesDir + " (loaded: " + String.join(", ", new TreeSet<>(loaded.keySet()))
                    + "); its " + unknown.getValue().size() + " label(s) are left out — add " + unknown.getKey()
                    + ".yml to the rules directory or fix the rule id");
        }
        for (String rule : onlyRules) {
            if (!loaded.containsKey(rule)) {
                problems.add(rulesDir + ": --rule " + rule + ": no such rule was loaded (loaded: "
                        + String.join(", ", new TreeSet<>(loaded.keySet())) + ")");
            }
        }

        // Each document once; a document that cannot be read costs its labels only.
        Map<String, Document> documents = new LinkedHashMap<>();
        Set<String> unreadable = new TreeSet<>();
        DocumentFileReader reader = new DocumentFileReader();
        Instant now = Instant.now();
        for (Label label : usable) {
            if (documents.containsKey(label.document()) || unreadable.contains(label.document())) {
                continue;
            }
            try {
                documents.put(label.document(), reader.read(base.resolve(label.document()), now));
            } catch (IngestException e) {
                unreadable.add(label.document());
                problems.add(labelsFile + ":" + label.line() + ": document " + e.getMessage()
                        + (docsDir == null ? " (paths are read from the labels file's folder; use --docs DIR to read them elsewhere)" : ""));
            }
        }
        usable.removeIf(label -> unreadable.contains(label.document()));
        if (usable.isEmpty()) {
            problems.forEach(err::println);
            err.println("evaluate: nothing to evaluate: no label names a readable document and a loaded rule"
                    + (split == EvaluationSplit.ALL ? "" : " in the " + split.label() + " split"));
            return 1;
        }

        List<RuleScore> scores;
        // The rules' learned second stages, as the daemon applies them (trained on the development split only).
        SecondStage stage = new SecondStage(new ClassifierTrainer(), err::println);
        boolean withClassifiers = classifiers;
        try (RuleMatcher matcher = new RuleMatcher()) {
            usable.stream().map(Label::rule).distinct().forEach(rule -> {
                matcher.register(rule, loaded.get(rule).query());
                if (withClassifiers) {
                    stage.prepare(loaded.get(rule));
                }
            });
            scores = new RuleEvaluator(document -> stage.apply(document, matcher.match(document))).evaluate(usable, documents);
        }
        problems.forEach(err::println);
        String corpus = String.format(Locale.ROOT, "%d document(s), %d label(s), split %s, labels %s, rules %s",
                documents.size(), usable.size(), split.label(), labelsFile, rulesDir);
        if (json) {
            out.println(toJson(corpus, documents.size(), usable.size(), split, scores, problems));
        } else {
            printText(out, corpus, scores);
        }
        err.printf("evaluate: %d rule(s), %d document(s), %d label(s) used, %d problem(s)%n",
                scores.size(), documents.size(), usable.size(), problems.size());
        return 0;
    }

    private static void printText(PrintStream out, String corpus, List<RuleScore> scores) {
        out.println("evaluate: " + corpus);
        out.printf(Locale.ROOT, "%-20s %5s %5s %5s %6s %9s %7s %6s%n", "rule", "tp", "fp", "fn", "tn", "precision", "recall", "f1");
        for (RuleScore s : scores) {
            out.printf(Locale.ROOT, "%-20s %5d %5d %5d %6d %9s %7s %6s%n", s.rule(), s.truePositives(), s.falsePositives(),
                    s.falseNegatives(), s.trueNegatives(), figure(s.precision()), figure(s.recall()), figure(s.f1()));
        }
        for (RuleScore s : scores) {
            if (!s.falsePositiveDocuments().isEmpty()) {
                out.println();
                out.println(s.rule() + ": " + s.falsePositives() + " false positive(s) (matched, labelled no)");
                for (RuleScore.Error e : s.falsePositiveDocuments()) {
                    out.println("  FP " + e.document() + "  \"" + e.title() + "\"  fired by: " + String.join(", ", e.words())
                            + (e.reason().isEmpty() ? "" : "  [label: " + e.reason() + "]"));
                }
            }
            if (!s.falseNegativeDocuments().isEmpty()) {
                out.println();
                out.println(s.rule() + ": " + s.falseNegatives() + " false negative(s) (labelled yes, not matched)");
                for (RuleScore.Error e : s.falseNegativeDocuments()) {
                    out.println("  FN " + e.document() + "  \"" + e.title() + "\""
                            + (e.reason().isEmpty() ? "" : "  [label: " + e.reason() + "]"));
                }
            }
        }
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String toJson(String corpus, int documents, int labels, EvaluationSplit split, List<RuleScore> scores, List<String> problems) {
        ObjectNode root = JSON.createObjectNode();
        root.put("documents", documents);
        root.put("labels", labels);
        root.put("split", split.label());
        root.put("corpus", corpus);
        ArrayNode rules = root.putArray("rules");
        for (RuleScore s : scores) {
            ObjectNode rule = rules.addObject();
            rule.put("rule", s.rule());
            rule.put("tp", s.truePositives());
            rule.put("fp", s.falsePositives());
            rule.put("fn", s.falseNegatives());
            rule.put("tn", s.trueNegatives());
            putFigure(rule, "precision", s.precision());
            putFigure(rule, "recall", s.recall());
            putFigure(rule, "f1", s.f1());
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
        return root.toString();
    }

    private static void putFigure(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 10_000) / 10_000.0);
        }
    }
}
