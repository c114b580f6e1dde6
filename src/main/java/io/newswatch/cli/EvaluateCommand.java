package io.newswatch.cli;

import io.newswatch.classify.ClassifierTrainer;
import io.newswatch.classify.SecondStage;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.evaluation.EvaluationException;
import io.newswatch.evaluation.EvaluationReport;
import io.newswatch.evaluation.LabelView;
import io.newswatch.evaluation.LabelledCorpus;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleEvaluator;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleScore;
import io.newswatch.matching.RuleSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code evaluate --rules DIR --labels FILE [--docs DIR] [--split all|dev|validation] [--rule ID] [--view full|core] [--json]}:
 * precision and recall of each rule on a labelled corpus, with every false positive and the
 * words that fired it, and every false negative with its title. {@code --view core} adds the
 * figures on the labels' core view ({@link LabelView#CORE}) after the headline table, from the
 * same matches. Documents are read as {@code scan}
 * reads files, so the figures are those of the daemon. Problems with the labels (bad lines,
 * documents that cannot be read, rules that are not in the rules directory) are reported as
 * {@code file:line: message} on stderr and those labels left out; the command exits 0 whenever it
 * could evaluate, 1 when it could not (no labels file, nothing left to evaluate), 2 on bad usage.
 */
final class EvaluateCommand {
    static final String USAGE = "usage: evaluate --rules DIR --labels FILE [--docs DIR] [--split all|dev|validation] [--rule ID] [--view full|core] [--json] [--no-classifier]";

    private EvaluateCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of("rules");
        Path labelsFile = null;
        Path docsDir = null;
        EvaluationSplit split = EvaluationSplit.ALL;
        Set<String> onlyRules = new TreeSet<>();
        boolean json = false;
        boolean classifiers = true;
        LabelView view = LabelView.FULL;
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
            if (!List.of("--rules", "--labels", "--docs", "--split", "--rule", "--view").contains(arg)) {
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
                case "--view" -> {
                    try {
                        view = LabelView.named(value);
                    } catch (IllegalArgumentException e) {
                        err.println("evaluate: " + e.getMessage());
                        return 2;
                    }
                }
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

        RuleSet rules = new RuleLoader(RecipientsFile.knownNames(rulesDir)).load(rulesDir);
        List<String> ruleProblems = new ArrayList<>();
        rules.problems().forEach(p -> ruleProblems.add(p.toString()));
        Map<String, LoadedRule> loaded = new LinkedHashMap<>();
        rules.rules().forEach(rule -> loaded.put(rule.id(), rule));

        LabelledCorpus corpus;
        try {
            corpus = LabelledCorpus.read(new LabelledCorpus.Request(labelsFile, docsDir, split, onlyRules), loaded.keySet(),
                    rulesDir.toString(), new DocumentFileReader(), Instant.now());
        } catch (EvaluationException e) {
            ruleProblems.forEach(err::println);
            e.problems().forEach(err::println);
            err.println("evaluate: " + e.getMessage());
            return 1;
        }
        List<String> problems = new ArrayList<>(ruleProblems);
        problems.addAll(corpus.problems());

        EvaluationReport report;
        Optional<EvaluationReport> core = Optional.empty();
        Map<String, String> classifierScores;
        // The rules' learned second stages, as the daemon applies them (trained on the development split only).
        SecondStage stage = new SecondStage(new ClassifierTrainer(), err::println);
        boolean withClassifiers = classifiers;
        try (RuleMatcher matcher = new RuleMatcher()) {
            corpus.rules().forEach(rule -> {
                matcher.register(rule, loaded.get(rule).query());
                if (withClassifiers) {
                    stage.prepare(loaded.get(rule));
                }
            });
            // Each document matched once; the core view reuses the matches.
            Map<io.newswatch.document.Document, List<io.newswatch.matching.Match>> matched = new IdentityHashMap<>();
            RuleEvaluator evaluator = new RuleEvaluator(document -> matched.computeIfAbsent(document,
                    d -> stage.apply(d, matcher.match(d))));
            report = EvaluationReport.of(corpus, evaluator, rulesDir.toString());
            if (view == LabelView.CORE) {
                core = Optional.of(EvaluationReport.of(corpus.in(LabelView.CORE), evaluator, rulesDir.toString()));
            }
            classifierScores = classifierScores(report, corpus, stage, matcher);
        }
        report = new EvaluationReport(report.corpus(), report.documents(), report.labels(), report.split(), report.scores(), problems);
        problems.forEach(err::println);
        if (json) {
            out.println(report.toJson(core));
        } else {
            printText(out, report.corpus(), report.scores(), classifierScores);
            core.ifPresent(c -> printCore(out, c));
        }
        err.printf("evaluate: %d rule(s), %d document(s), %d label(s) used, %d problem(s)%n",
                report.scores().size(), report.documents(), report.labels(), problems.size());
        return 0;
    }

    /**
     * For a rule with a classifier in force, what it said about each false positive ("classifier p =
     * 0.83") and each false negative the query matched ("query matched; classifier p = 0.21 < 0.5"),
     * by rule and document.
     */
    private static Map<String, String> classifierScores(EvaluationReport report, LabelledCorpus corpus, SecondStage stage,
                                                        RuleMatcher matcher) {
        Map<String, String> scores = new LinkedHashMap<>();
        for (RuleScore s : report.scores()) {
            var classifier = stage.classifier(s.rule());
            if (classifier.isEmpty()) {
                continue;
            }
            List<RuleScore.Error> errors = new ArrayList<>(s.falsePositiveDocuments());
            errors.addAll(s.falseNegativeDocuments());
            for (RuleScore.Error e : errors) {
                var document = corpus.documents().get(e.document());
                if (document == null) {
                    continue;
                }
                matcher.match(document).stream().filter(m -> m.ruleId().equals(s.rule())).findFirst().ifPresent(match -> {
                    double p = classifier.get().probability(document, match);
                    boolean kept = p >= classifier.get().threshold();
                    scores.put(s.rule() + "\t" + e.document(), String.format(Locale.ROOT, kept ? "classifier p = %.2f"
                            : "query matched; classifier p = %.2f < %s", p, classifier.get().threshold()));
                });
            }
        }
        return scores;
    }

    private static void printText(PrintStream out, String corpus, List<RuleScore> scores, Map<String, String> classifierScores) {
        out.println("evaluate: " + corpus);
        printTable(out, scores);
        for (RuleScore s : scores) {
            if (!s.falsePositiveDocuments().isEmpty()) {
                out.println();
                out.println(s.rule() + ": " + s.falsePositives() + " false positive(s) (matched, labelled no)");
                for (RuleScore.Error e : s.falsePositiveDocuments()) {
                    String p = classifierScores.get(s.rule() + "\t" + e.document());
                    out.println("  FP " + e.document() + "  \"" + e.title() + "\"  fired by: " + String.join(", ", e.words())
                            + (p == null ? "" : "  (" + p + ")") + (e.reason().isEmpty() ? "" : "  [label: " + e.reason() + "]"));
                }
            }
            if (!s.falseNegativeDocuments().isEmpty()) {
                out.println();
                out.println(s.rule() + ": " + s.falseNegatives() + " false negative(s) (labelled yes, not matched)");
                for (RuleScore.Error e : s.falseNegativeDocuments()) {
                    String p = classifierScores.get(s.rule() + "\t" + e.document());
                    out.println("  FN " + e.document() + "  \"" + e.title() + "\""
                            + (p == null ? "" : "  (" + p + ")") + (e.reason().isEmpty() ? "" : "  [label: " + e.reason() + "]"));
                }
            }
        }
    }

    /** The core view's table, after the lists of the headline evaluation. */
    private static void printCore(PrintStream out, EvaluationReport core) {
        out.println();
        out.println("core view: " + core.labels() + " label(s); labels whose reason says borderline, incidental, ops-only "
                + "or passing left out");
        printTable(out, core.scores());
    }

    private static void printTable(PrintStream out, List<RuleScore> scores) {
        out.printf(Locale.ROOT, "%-20s %5s %5s %5s %6s %9s %7s %6s%n", "rule", "tp", "fp", "fn", "tn", "precision", "recall", "f1");
        for (RuleScore s : scores) {
            out.printf(Locale.ROOT, "%-20s %5d %5d %5d %6d %9s %7s %6s%n", s.rule(), s.truePositives(), s.falsePositives(),
                    s.falseNegatives(), s.trueNegatives(), figure(s.precision()), figure(s.recall()), figure(s.f1()));
        }
    }

    private static String figure(double value) {
        return EvaluationReport.figure(value);
    }
}
