package io.newswatch.cli;

import io.newswatch.classify.DenseLogisticModel;
import io.newswatch.classify.PassageEmbedder;
import io.newswatch.classify.PassageTrainer;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.evaluation.EvaluationException;
import io.newswatch.evaluation.LabelledCorpus;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.Label;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.rules.ClassifierWeightsFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code train-classifier}: trains a rule's passage classifier on the development split of a labels
 * file and writes its weights file ({@code RULES/<rule>.classifier.json} by default), which the
 * rule then names ({@code classifier: {file: <rule>.classifier.json}}). {@code --cross-validate}
 * prints five-fold figures on the development candidates for a grid of settings first, to choose
 * settings without looking at the validation split.
 */
final class TrainClassifierCommand {
    static final String USAGE = "usage: train-classifier --rules DIR --rule ID --labels FILE [--docs DIR] [--split dev|all] "
            + "[--out FILE] [--pooling max|mean] [--l2 X] [--rate X] [--steps N] [--threshold X] [--cross-validate]";

    private TrainClassifierCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        Path rulesDir = Path.of("rules");
        Path labelsFile = null;
        Path docsDir = null;
        Path outFile = null;
        String ruleId = null;
        EvaluationSplit split = EvaluationSplit.DEVELOPMENT;
        String pooling = "max";
        DenseLogisticModel.Settings settings = DenseLogisticModel.Settings.DEFAULT;
        double threshold = 0.5;
        boolean crossValidate = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--cross-validate")) {
                crossValidate = true;
                continue;
            }
            if (!List.of("--rules", "--rule", "--labels", "--docs", "--split", "--out", "--pooling", "--l2", "--steps", "--rate", "--threshold")
                    .contains(arg)) {
                err.println("train-classifier: unexpected argument " + arg + "; " + USAGE);
                return 2;
            }
            if (i + 1 >= args.size()) {
                err.println("train-classifier: " + arg + " needs a value; " + USAGE);
                return 2;
            }
            String value = args.get(++i);
            try {
                switch (arg) {
                    case "--rules" -> rulesDir = Path.of(value);
                    case "--rule" -> ruleId = value;
                    case "--labels" -> labelsFile = Path.of(value);
                    case "--docs" -> docsDir = Path.of(value);
                    case "--out" -> outFile = Path.of(value);
                    case "--split" -> {
                        split = EvaluationSplit.named(value);
                        if (split == EvaluationSplit.VALIDATION) {
                            err.println("train-classifier: --split validation would train on the held-out texts; use dev (or all)");
                            return 2;
                        }
                    }
                    case "--pooling" -> {
                        if (!List.of("max", "mean").contains(value)) {
                            err.println("train-classifier: --pooling must be max or mean");
                            return 2;
                        }
                        pooling = value;
                    }
                    case "--l2" -> settings = new DenseLogisticModel.Settings(settings.steps(), settings.rate(), positive(value, "--l2", true));
                    case "--rate" -> settings = new DenseLogisticModel.Settings(settings.steps(), positive(value, "--rate", false), settings.l2());
                    case "--steps" -> settings = new DenseLogisticModel.Settings((int) positive(value, "--steps", false), settings.rate(),
                            settings.l2());
                    default -> {
                        threshold = positive(value, "--threshold", false);
                        if (threshold >= 1) {
                            throw new IllegalArgumentException("--threshold must be between 0 and 1");
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                err.println("train-classifier: " + e.getMessage());
                return 2;
            }
        }
        if (labelsFile == null || ruleId == null) {
            err.println("train-classifier: --rule and --labels are required; " + USAGE);
            return 2;
        }

        RuleSet rules = new RuleLoader(RecipientsFile.knownNames(rulesDir)).load(rulesDir);
        String wanted = ruleId;
        Optional<LoadedRule> found = rules.rules().stream().filter(r -> r.id().equals(wanted)).findFirst();
        if (found.isEmpty()) {
            rules.problems().forEach(err::println);
            err.println("train-classifier: rule " + ruleId + " is not among the rules that load from " + rulesDir);
            return 1;
        }
        LoadedRule rule = found.get();
        LabelledCorpus corpus;
        try {
            corpus = LabelledCorpus.read(new LabelledCorpus.Request(labelsFile, docsDir, split, Set.of(ruleId)), Set.of(ruleId),
                    rulesDir.toString(), new DocumentFileReader(), Instant.EPOCH);
        } catch (EvaluationException e) {
            e.problems().forEach(err::println);
            err.println("train-classifier: " + e.getMessage());
            return 1;
        }
        if (!corpus.problems().isEmpty()) { // a model trained on part of the labels would be silently different
            corpus.problems().forEach(err::println);
            err.println("train-classifier: the labels file has " + corpus.problems().size()
                    + " problem(s); fix them first, nothing was written");
            return 1;
        }
        List<PassageTrainer.Labelled> labelled = new ArrayList<>();
        int positives = 0;
        for (Label label : corpus.labels()) {
            if (label.rule().equals(ruleId)) {
                labelled.add(new PassageTrainer.Labelled(label.document(), corpus.documents().get(label.document()), label.expected()));
                positives += label.expected() ? 1 : 0;
            }
        }
        long started = System.nanoTime();
        List<PassageTrainer.Candidate> candidates = new PassageTrainer(new PassageEmbedder()).candidates(rule, labelled);
        long yes = candidates.stream().filter(c -> !c.example() && c.yes()).count();
        long no = candidates.stream().filter(c -> !c.example() && !c.yes()).count();
        long examples = candidates.stream().filter(PassageTrainer.Candidate::example).count();
        int passages = candidates.stream().mapToInt(c -> c.passages().size()).sum();
        err.printf(Locale.ROOT, "train-classifier: rule %s: %d labelled document(s) (%d yes) in split %s; the query matches %d yes and %d no, "
                        + "and %d example(s); %d passage(s) embedded in %.1f s%n", ruleId, labelled.size(), positives, split.name().toLowerCase(Locale.ROOT),
                yes, no, examples, passages, (System.nanoTime() - started) / 1e9);
        if (crossValidate) {
            crossValidate(out, candidates, positives, settings);
        }
        DenseLogisticModel model;
        try {
            model = PassageTrainer.train(candidates, pooling, settings);
        } catch (PassageTrainer.TooFewException e) {
            err.println("train-classifier: " + e.getMessage() + "; nothing was written");
            return 1;
        }
        var training = new LinkedHashMap<String, Object>();
        training.put("labels", labelsFile.toString());
        training.put("split", split.name().toLowerCase(Locale.ROOT));
        training.put("documents", labelled.size());
        training.put("candidates_yes", yes);
        training.put("candidates_no", no);
        training.put("examples", examples);
        training.put("passages", passages);
        training.put("steps", settings.steps());
        training.put("rate", settings.rate());
        training.put("l2", settings.l2());
        training.put("date", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString());
        String text = ClassifierWeightsFile.write(ruleId, pooling, threshold, model.bias(), model.weights(), training);
        Path target = outFile != null ? outFile : rulesDir.resolve(ruleId + ".classifier.json");
        try {
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("train-classifier: cannot write " + target + " (" + e.getMessage() + ")");
            return 1;
        }
        out.printf(Locale.ROOT, "wrote %s: %s pooling, threshold %s; name it in the rule: classifier: {file: %s}%n", target, pooling,
                threshold, target.getFileName());
        return 0;
    }

    private static double positive(String value, String what, boolean zeroAllowed) {
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + value + "\" is not a number");
        }
        if (!(number > 0 || (zeroAllowed && number == 0)) || !Double.isFinite(number)) {
            throw new IllegalArgumentException(what + " must be " + (zeroAllowed ? "zero or more" : "more than zero"));
        }
        return number;
    }

    /**
     * Five folds over the labelled candidates (examples always train): each fold scored by a model
     * trained on the other four. Recall counts the labelled yes documents the query missed.
     */
    private static void crossValidate(PrintStream out, List<PassageTrainer.Candidate> candidates, int positives,
                                      DenseLogisticModel.Settings base) {
        List<PassageTrainer.Candidate> labelled = candidates.stream().filter(c -> !c.example()).toList();
        long queryYes = labelled.stream().filter(PassageTrainer.Candidate::yes).count();
        out.printf(Locale.ROOT, "cross-validation (5 folds) on %d candidates; query alone: P %.3f R %.3f%n", labelled.size(),
                queryYes / (double) labelled.size(), queryYes / (double) positives);
        double[] thresholds = {0.3, 0.4, 0.5, 0.6, 0.7};
        for (String pooling : List.of("max", "mean")) {
            for (double l2 : new double[] {0.0001, 0.001, 0.01, 0.1}) {
                DenseLogisticModel.Settings settings = new DenseLogisticModel.Settings(base.steps(), base.rate(), l2);
                double[] scores = new double[labelled.size()];
                for (int fold = 0; fold < 5; fold++) {
                    List<PassageTrainer.Candidate> train = new ArrayList<>();
                    for (int i = 0; i < candidates.size(); i++) {
                        PassageTrainer.Candidate c = candidates.get(i);
                        if (c.example() || labelled.indexOf(c) % 5 != fold) {
                            train.add(c);
                        }
                    }
                    DenseLogisticModel model;
                    try {
                        model = PassageTrainer.train(train, pooling, settings);
                    } catch (PassageTrainer.TooFewException e) {
                        out.println("  " + pooling + " l2 " + l2 + ": " + e.getMessage());
                        continue;
                    }
                    for (int i = fold; i < labelled.size(); i += 5) {
                        scores[i] = PassageTrainer.score(model, pooling, labelled.get(i));
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-4s l2 %-6s", pooling, l2));
                for (double t : thresholds) {
                    int tp = 0;
                    int fp = 0;
                    for (int i = 0; i < labelled.size(); i++) {
                        if (scores[i] >= t) {
                            if (labelled.get(i).yes()) {
                                tp++;
                            } else {
                                fp++;
                            }
                        }
                    }
                    line.append(String.format(Locale.ROOT, " | t %.1f P %.3f R %.3f", t, tp + fp == 0 ? 0 : tp / (double) (tp + fp),
                            tp / (double) positives));
                }
                out.println(line);
            }
        }
    }
}
