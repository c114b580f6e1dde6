package io.newswatch.classify;

import io.newswatch.config.FileProblem;
import io.newswatch.config.FileStamp;
import io.newswatch.document.Document;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.Match;
import io.newswatch.matching.MatchStage;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.ClassifierSpec;
import io.newswatch.rules.ClassifierWeights;
import io.newswatch.rules.RuleSource;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The learned second stage of every rule whose file names a {@code classifier:}: trains it when the
 * rule comes into force ({@link #prepare}) and drops the matches it rejects ({@link #apply}). A rule
 * without one, or whose labels file is missing or too thin to learn from, runs on its query alone,
 * said once per load in one line. Read labelled corpora are kept per labels file while the file is
 * unchanged, so several rules naming one file read it once.
 */
public final class SecondStage implements MatchStage {
    private static final Logger LOG = Logger.getLogger(SecondStage.class);

    private final ClassifierTrainer trainer;
    private final Consumer<String> report;
    private final Map<String, RuleClassifier> classifiers = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final Map<Path, CachedCorpus> corpora = new ConcurrentHashMap<>();

    private PassageEmbedder embedder;

    private record CachedCorpus(Path docs, FileStamp stamp, TrainingCorpus corpus) {}

    /** Reports each rule's classifier state to the log (info when trained, warning when the rule runs query-only). */
    public SecondStage() {
        this(new ClassifierTrainer(), null);
    }

    /**
     * @param report where each rule's one-line classifier state goes instead of the log (the
     *               command-line tools print it); null for the log
     */
    public SecondStage(ClassifierTrainer trainer, Consumer<String> report) {
        this.trainer = trainer;
        this.report = report;
    }

    @Override
    public void prepare(LoadedRule rule) {
        Optional<ClassifierSpec> spec = rule.source().classifier();
        if (spec.isEmpty()) {
            forget(rule.id());
            return;
        }
        long started = System.nanoTime();
        if (spec.get().weights().isPresent()) {
            ClassifierWeights weights = spec.get().weights().get();
            RuleClassifier classifier = new RuleClassifier(rule.id(), new PassageScorer(weights, embedder()), spec.get().threshold(),
                    String.format(Locale.ROOT, "passage model %s (%s pooling) from %s; keeps matches with p >= %s",
                            weights.features(), weights.pooling(), weights.file().getFileName(), spec.get().threshold()));
            classifiers.put(rule.id(), classifier);
            String status = "classifier " + classifier.summary() + "; trained on: " + weights.trainedOn();
            statuses.put(rule.id(), status);
            say(rule.id(), status, false);
            return;
        }
        try {
            TrainingCorpus corpus = corpus(spec.get());
            switch (trainer.train(rule, spec.get(), corpus)) {
                case ClassifierTrainer.Trained trained -> {
                    classifiers.put(rule.id(), trained.classifier());
                    String status = String.format(Locale.ROOT, "classifier %s (%d ms)", trained.classifier().summary(),
                            (System.nanoTime() - started) / 1_000_000);
                    statuses.put(rule.id(), status);
                    say(rule.id(), status, false);
                }
                case ClassifierTrainer.QueryOnly queryOnly -> queryOnly(rule, queryOnly.reason());
            }
        } catch (NoSuchFileException e) {
            queryOnly(rule, "classifier labels file " + spec.get().labels() + " not found");
        } catch (IOException e) {
            queryOnly(rule, "classifier labels file " + spec.get().labels() + " cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) { // one rule's classifier must never stop a reload
            queryOnly(rule, "classifier could not be trained (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** The one passage embedder of this stage, made when a rule first names a weights file. */
    private synchronized PassageEmbedder embedder() {
        if (embedder == null) {
            embedder = new PassageEmbedder();
        }
        return embedder;
    }

    private void queryOnly(LoadedRule rule, String reason) {
        classifiers.remove(rule.id());
        String status = reason + "; the rule runs on its query alone";
        statuses.put(rule.id(), status);
        say(rule.id(), status, true);
    }

    private void say(String ruleId, String status, boolean warning) {
        String line = "rule " + ruleId + ": " + status;
        if (report != null) {
            report.accept(line);
        } else if (warning) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }

    private TrainingCorpus corpus(ClassifierSpec spec) throws IOException {
        FileStamp stamp = FileStamp.of(spec.labels()).orElseThrow(() -> new NoSuchFileException(spec.labels().toString()));
        CachedCorpus cached = corpora.get(spec.labels());
        if (cached != null && cached.stamp().equals(stamp) && cached.docs().equals(spec.docs())) {
            return cached.corpus();
        }
        TrainingCorpus corpus = TrainingCorpus.read(spec.labels(), spec.docs());
        corpora.put(spec.labels(), new CachedCorpus(spec.docs(), stamp, corpus));
        return corpus;
    }

    @Override
    public void forget(String ruleId) {
        classifiers.remove(ruleId);
        statuses.remove(ruleId);
    }

    @Override
    public List<Match> apply(Document document, List<Match> matches) {
        if (classifiers.isEmpty() || matches.isEmpty()) {
            return matches;
        }
        List<Match> kept = new ArrayList<>(matches.size());
        for (Match match : matches) {
            RuleClassifier classifier = classifiers.get(match.ruleId());
            if (classifier == null || classifier.keeps(document, match)) {
                kept.add(match);
            }
        }
        return kept;
    }

    /** The rule's trained classifier, if it has one in force. */
    public Optional<RuleClassifier> classifier(String ruleId) {
        return Optional.ofNullable(classifiers.get(ruleId));
    }

    /** One line on the rule's classifier (trained on what, or why query-only); empty for a rule without one. */
    public Optional<String> status(String ruleId) {
        return Optional.ofNullable(statuses.get(ruleId));
    }

    /**
     * The rule's {@code match} examples that its query matches but its classifier drops: they would
     * not alert, so they are the rule file's problems, at the example's line.
     */
    public List<FileProblem> rejectedExamples(LoadedRule rule) {
        RuleClassifier classifier = classifiers.get(rule.id());
        if (classifier == null) {
            return List.of();
        }
        List<FileProblem> problems = new ArrayList<>();
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(rule.id(), rule.query());
            for (RuleSource.Example example : rule.source().examples()) {
                if (!example.shouldMatch()) {
                    continue;
                }
                Document document = new Document("example", "example", rule.rule().file().toString(), "",
                        example.text(), Instant.EPOCH, "en", Instant.EPOCH, List.of(), List.of());
                Optional<Match> match = ClassifierTrainer.matchOf(matcher, rule.id(), document);
                if (match.isPresent() && !classifier.keeps(document, match.get())) {
                    problems.add(example.location().problem(String.format(Locale.ROOT,
                            "example should match rule %s; its query matches but its classifier drops it (p = %.2f < %s): "
                                    + "add labelled texts like it, or lower classifier.threshold",
                            rule.id(), classifier.probability(document, match.get()), classifier.threshold())));
                }
            }
        }
        return problems;
    }
}
