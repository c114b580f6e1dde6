package io.newswatch.evaluation;

import io.newswatch.config.FileStamp;
import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleEvaluator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The rules in force evaluated on a labels file, kept up to date in the background: {@link #refresh()}
 * (on the daemon's rules timer) starts an evaluation when the rules in force or the labels file changed
 * since the last one, on a thread of its own, with the daemon's own matcher (queries and learned second
 * stages as they match live documents). The last successful report is kept when a later run fails; the
 * failure is shown next to it.
 */
public final class RuleEvaluations implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuleEvaluations.class);
    static final String RULES_ORIGIN = "the rules in force";

    /**
     * @param labels the labels file ({@code NEWSWATCH_EVALUATION_LABELS}); null: no evaluation
     * @param docs   the folder the labels' document paths are read from; null: the labels file's folder
     */
    public record Settings(Path labels, Path docs, EvaluationSplit split) {
        public static final Settings OFF = new Settings(null, null, EvaluationSplit.ALL);

        public boolean enabled() {
            return labels != null;
        }
    }

    /** What the rules in force are and how they match a document. */
    public record RulesInForce(LongSupplier version, Supplier<Set<String>> ids, Function<Document, List<Match>> matcher) {}

    /**
     * Where the evaluation stands.
     *
     * @param running       an evaluation is under way
     * @param report        the last successful evaluation, null before the first one
     * @param reportTime    when it finished
     * @param current       whether it was made for the rules in force now and the labels file as it is
     * @param error         why the last run failed (null when it did not), e.g. a labels file that is missing
     * @param errorProblems the per-line problems that run met before it stopped
     */
    public record Status(Path labels, Path documents, EvaluationSplit split, boolean running, EvaluationReport report,
                         Instant reportTime, boolean current, String error, List<String> errorProblems) {}

    private record Key(long rulesVersion, Optional<FileStamp> labels) {}

    private final Settings settings;
    private final RulesInForce rules;
    private final DocumentFileReader reader;
    private final Clock clock;
    private final ExecutorService worker;

    private Key submitted;
    private boolean running;
    private Key reportKey;
    private EvaluationReport report;
    private Instant reportTime;
    private String error;
    private List<String> errorProblems = List.of();

    public RuleEvaluations(Settings settings, RulesInForce rules, DocumentFileReader reader, Clock clock) {
        this.settings = settings;
        this.rules = rules;
        this.reader = reader;
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("newswatch-evaluation").factory());
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** Starts an evaluation if the rules in force or the labels file changed since the last one (and none runs). */
    public synchronized void refresh() {
        if (!settings.enabled() || running || worker.isShutdown()) {
            return;
        }
        Key key = key();
        if (key.equals(submitted)) {
            return;
        }
        submitted = key;
        running = true;
        worker.execute(() -> run(key));
    }

    /** Where the evaluation stands; empty when no labels file is configured. */
    public synchronized Optional<Status> status() {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        Path documents = settings.docs() != null ? settings.docs() : settings.labels().toAbsolutePath().getParent();
        return Optional.of(new Status(settings.labels(), documents, settings.split(), running, report, reportTime,
                report != null && key().equals(reportKey), error, errorProblems));
    }

    private Key key() {
        return new Key(rules.version().getAsLong(), FileStamp.of(settings.labels()));
    }

    private void run(Key key) {
        EvaluationReport made = null;
        String failure = null;
        List<String> problems = List.of();
        try {
            LabelledCorpus corpus = LabelledCorpus.read(new LabelledCorpus.Request(settings.labels(), settings.docs(), settings.split(), Set.of()),
                    rules.ids().get(), RULES_ORIGIN, reader, clock.instant());
            made = EvaluationReport.of(corpus, new RuleEvaluator(rules.matcher()), RULES_ORIGIN);
        } catch (EvaluationException e) {
            failure = e.getMessage();
            problems = e.problems();
        } catch (RuntimeException e) { // whatever a labels file or document holds, the daemon goes on
            failure = "evaluation failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        synchronized (this) {
            running = false;
            if (made != null) {
                report = made;
                reportKey = key;
                reportTime = clock.instant();
                error = null;
                errorProblems = List.of();
            } else {
                error = failure;
                errorProblems = problems;
            }
        }
        if (made != null) {
            LOG.infof("evaluation of %d rule(s) on %s: %s%s", made.scores().size(), settings.labels(), summary(made),
                    made.problems().isEmpty() ? "" : " (" + made.problems().size() + " problem(s), see the rules page)");
        } else {
            LOG.warnf("evaluation on %s failed: %s (the last result, if any, is kept)", settings.labels(), failure);
        }
    }

    private static String summary(EvaluationReport report) {
        StringBuilder out = new StringBuilder();
        report.scores().forEach(s -> out.append(out.isEmpty() ? "" : ", ").append(s.rule()).append(" P ")
                .append(EvaluationReport.figure(s.precision())).append(" R ").append(EvaluationReport.figure(s.recall())));
        return out.toString();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
