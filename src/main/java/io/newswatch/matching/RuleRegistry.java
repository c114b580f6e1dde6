package io.newswatch.matching;

import io.newswatch.rules.QueryQuoting;

import io.newswatch.config.InvalidFileException;



import io.newswatch.config.FileProblem;

import io.newswatch.rules.Aliases;
import io.newswatch.rules.ClassifierWeights;

import io.newswatch.rules.Rule;



import io.newswatch.config.FileStamp;
import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import io.newswatch.rules.query.QueryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.search.Query;
import org.jboss.logging.Logger;

/**
 * The rules in force, kept in step with the rules directory. {@link #reload()} is called on a
 * timer: a new or edited file is loaded, a deleted one removed; a file that no longer loads is
 * reported and its last good version stays in force, so a typo never silences a rule.
 */
public final class RuleRegistry implements ActiveRules, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuleRegistry.class);

    /**
     * Asks for what a rule needs before it produces alerts (its Kafka topic). It must not block:
     * reloads never wait on Kafka, and a missing topic only delays the rule's first alert.
     */
    @FunctionalInterface
    public interface Activation {
        void prepare(Rule rule);
    }

    /**
     * One rule file's state. {@code companions} are the other files its load read (a classifier's
     * weights or labels file, a file a problem was found in) with their stamps then: a change to
     * one of them reloads the rule as a change to the rule file does.
     */
    private record Entry(FileStamp stamp, Map<Path, Optional<FileStamp>> companions, LoadedRule active,
                         List<FileProblem> problems, List<FileProblem> warnings) {
        boolean unchanged(FileStamp now) {
            return stamp.equals(now) && companions.entrySet().stream().allMatch(c -> FileStamp.of(c.getKey()).equals(c.getValue()));
        }
    }

    private final Path rulesDir;
    private final RuleLoader loader;
    private final Activation activation;
    private final MatchStage stage;
    private final RuleMatcher matcher = new RuleMatcher();
    private final Map<Path, Entry> files = new HashMap<>();
    private final Map<String, Rule> active = new ConcurrentHashMap<>();
    private volatile List<RuleState> states = List.of();
    private FileStamp aliasesStamp;
    private boolean aliasesLoaded;
    private List<FileProblem> aliasProblems = List.of();
    private volatile RuleCompiler compiler = new RuleCompiler(Aliases.NONE);
    /** Counts the changes of the rules in force (loaded, reloaded, removed), for whoever follows them. */
    private volatile long version;

    public RuleRegistry(Path rulesDir, RuleLoader loader, Activation activation) {
        this(rulesDir, loader, activation, MatchStage.NONE);
    }

    /** @param stage applied to every document's matches after the query (a rule's learned second stage) */
    public RuleRegistry(Path rulesDir, RuleLoader loader, Activation activation, MatchStage stage) {
        this.rulesDir = rulesDir;
        this.loader = loader;
        this.activation = activation;
        this.stage = stage;
    }

    /** Brings the rules in force in line with the directory; safe to call often. */
    public synchronized void reload() {
        if (!Files.isDirectory(rulesDir)) {
            if (!aliasProblems.equals(List.of(missingDirectory()))) {
                LOG.errorf("rules directory %s does not exist; create it or set NEWSWATCH_RULES_DIR (keeping %d rule(s) in force)",
                        rulesDir, active.size());
                aliasProblems = List.of(missingDirectory());
            }
            publishStates();
            return;
        }
        boolean aliasesChanged = reloadAliasesIfChanged();
        List<FileProblem> listing = new ArrayList<>();
        List<Path> present = RuleLoader.ruleFiles(rulesDir, listing);
        for (Path file : List.copyOf(files.keySet())) {
            if (!present.contains(file)) {
                Entry gone = files.remove(file);
                if (gone.active() != null) {
                    matcher.remove(gone.active().id());
                    active.remove(gone.active().id());
                    stage.forget(gone.active().id());
                    version++;
                    LOG.infof("rule %s removed (%s deleted)", gone.active().id(), file);
                }
            }
        }
        Map<Path, Candidate> batch = new LinkedHashMap<>();
        for (Path file : present) {
            Optional<FileStamp> stamp = FileStamp.of(file);
            Entry entry = files.get(file);
            if (stamp.isEmpty() || (entry != null && !aliasesChanged && entry.unchanged(stamp.get()))) {
                continue;
            }
            files.put(file, load(file, stamp.get(), entry, batch));
        }
        if (!batch.isEmpty()) {
            register(batch);
            version++;
        }
        publishStates();
    }

    /** A rule loaded from {@code file}, to be put in force; {@code lastGood} is what it replaces. */
    private record Candidate(FileStamp stamp, LoadedRule rule, LoadedRule lastGood) {}

    private Entry load(Path file, FileStamp stamp, Entry previous, Map<Path, Candidate> batch) {
        LoadedRule lastGood = previous == null ? null : previous.active();
        LoadedRule candidate;
        try {
            candidate = loader.load(file, compiler);
        } catch (InvalidFileException e) {
            return failed(file, stamp, previous, e.problems());
        } catch (Throwable unexpected) { // the loader already turns everything into problems; belt and braces
            return failed(file, stamp, previous, List.of(FileProblem.unexpected(file, "loading the rule", unexpected)));
        }
        String clash = files.entrySet().stream()
                .filter(f -> !f.getKey().equals(file) && f.getValue().active() != null && f.getValue().active().id().equals(candidate.id()))
                .map(f -> f.getKey().toString()).findFirst().orElse(null);
        if (clash != null) {
            FileProblem problem = new FileProblem(file, 1, 1, "rule id \"" + candidate.id() + "\" is already defined in " + clash + "; keep one of the two files");
            return failed(file, stamp, previous, List.of(problem));
        }
        List<FileProblem> warnings = new ArrayList<>();
        try {
            activation.prepare(candidate.rule());
            QueryQuoting.warning(candidate.source()).ifPresent(warnings::add);
            warnings.addAll(RuleExamples.check(candidate)); // the rule's own tests, on every (re)load
        } catch (Throwable unexpected) { // one rule's topic or examples must never stop the others
            return failed(file, stamp, previous, List.of(FileProblem.unexpected(file, "preparing the rule", unexpected)));
        }
        warnings.forEach(w -> LOG.warnf("rule %s: %s", candidate.id(), w));
        batch.put(file, new Candidate(stamp, candidate, lastGood));
        return new Entry(stamp, companions(file, candidate, List.of()), candidate, List.of(), warnings);
    }

    private Entry failed(Path file, FileStamp stamp, Entry previous, List<FileProblem> problems) {
        LoadedRule lastGood = previous == null ? null : previous.active();
        problems.forEach(p -> LOG.errorf("rule file %s%s", p,
                lastGood == null ? "" : " (keeping the last good version of rule " + lastGood.id() + ")"));
        Map<Path, Optional<FileStamp>> companions = companions(file, null, problems);
        if (previous != null) { // a companion that went missing or broke: its return reloads the rule too
            companions = new HashMap<>(companions);
            for (Path companion : previous.companions().keySet()) {
                companions.putIfAbsent(companion, FileStamp.of(companion));
            }
            companions = Map.copyOf(companions);
        }
        return new Entry(stamp, companions, lastGood, problems, previous == null ? List.of() : previous.warnings());
    }

    /** The files besides {@code file} that its load read or found a problem in, with their stamps now. */
    private static Map<Path, Optional<FileStamp>> companions(Path file, LoadedRule loaded, List<FileProblem> problems) {
        Map<Path, Optional<FileStamp>> companions = new HashMap<>();
        if (loaded != null) {
            loaded.source().classifier().ifPresent(spec -> companions.put(
                    spec.weights().map(ClassifierWeights::file).orElse(spec.labels()), Optional.empty()));
        }
        problems.stream().map(FileProblem::file).filter(f -> f != null && !f.equals(file)).forEach(f -> companions.put(f, Optional.empty()));
        companions.replaceAll((companion, none) -> FileStamp.of(companion));
        return Map.copyOf(companions);
    }

    /**
     * Puts the candidates in force: one index update for the whole change, however many rules; if
     * that fails, rule by rule, so a rule the matcher cannot take costs that rule only (its last
     * good version, if any, stays in force).
     */
    private void register(Map<Path, Candidate> batch) {
        Map<String, Query> queries = new HashMap<>();
        batch.values().forEach(c -> queries.put(c.rule().id(), c.rule().query()));
        try {
            matcher.register(queries);
            batch.values().forEach(this::announce);
            return;
        } catch (Throwable unexpected) {
            LOG.warnf("adding %d rule(s) to the matcher at once failed (%s); adding them one by one",
                    batch.size(), unexpected.getClass().getSimpleName());
        }
        for (Map.Entry<Path, Candidate> e : batch.entrySet()) {
            Candidate c = e.getValue();
            try {
                matcher.register(c.rule().id(), c.rule().query());
                announce(c);
            } catch (Throwable unexpected) {
                LoadedRule back = restore(c);
                files.put(e.getKey(), failed(e.getKey(), c.stamp(), back == null ? null : new Entry(c.stamp(), Map.of(), back, List.of(), List.of()),
                        List.of(FileProblem.unexpected(e.getKey(), "adding the rule to the matcher", unexpected))));
            }
        }
    }

    private void announce(Candidate c) {
        stage.prepare(c.rule());
        active.put(c.rule().id(), c.rule().rule());
        LOG.infof("rule %s %s from %s", c.rule().id(), c.lastGood() == null ? "loaded" : "reloaded", c.rule().rule().file());
    }

    /** After a failed registration: the last good version back in force, or the rule out of the matcher. */
    private LoadedRule restore(Candidate c) {
        try {
            if (c.lastGood() != null) {
                matcher.register(c.lastGood().id(), c.lastGood().query());
                stage.prepare(c.lastGood());
                return c.lastGood();
            }
            matcher.remove(c.rule().id());
            stage.forget(c.rule().id());
        } catch (Throwable unexpected) {
            LOG.errorf("rule %s: cannot restore its last good version (%s); it is out of force until its file is fixed",
                    c.rule().id(), unexpected.getClass().getSimpleName());
            active.remove(c.rule().id());
        }
        return null;
    }

    private boolean reloadAliasesIfChanged() {
        Path file = rulesDir.resolve(AliasesFile.FILE_NAME);
        FileStamp stamp = FileStamp.of(file).orElse(null);
        if (aliasesLoaded && Objects.equals(stamp, aliasesStamp)) {
            return false;
        }
        boolean firstTime = !aliasesLoaded;
        aliasesLoaded = true;
        aliasesStamp = stamp;
        AliasesFile.Result result = AliasesFile.load(rulesDir);
        aliasProblems = result.problems();
        aliasProblems.forEach(p -> LOG.errorf("aliases file %s", p));
        compiler = new RuleCompiler(result.aliases());
        if (!firstTime) {
            LOG.infof("aliases reloaded from %s (%d group(s)); reloading every rule", file, result.aliases().groups().size());
        }
        return true;
    }

    private FileProblem missingDirectory() {
        return new FileProblem(rulesDir, 1, 1, "rules directory does not exist");
    }

    private void publishStates() {
        List<RuleState> list = new ArrayList<>();
        files.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Path::toString))).forEach(e ->
                list.add(new RuleState(e.getKey(), e.getValue().active() == null ? null : e.getValue().active().rule(),
                        e.getValue().problems(), e.getValue().warnings())));
        states = List.copyOf(list);
    }

    /** The compiler with the aliases in force, for queries that are not rule files (search, backtest drafts). */
    public RuleCompiler compiler() {
        return compiler;
    }

    /**
     * Grows whenever the rules in force change (a rule loaded, reloaded or removed, every rule after an
     * aliases change); unchanged when a reload finds nothing new.
     */
    public long version() {
        return version;
    }

    /** Per-file state, for operators. */
    public List<RuleState> states() {
        return states;
    }

    /** Problems of the aliases file or the directory itself. */
    public synchronized List<FileProblem> globalProblems() {
        return aliasProblems;
    }

    public int activeCount() {
        return active.size();
    }

    @Override
    public List<Match> match(Document document) {
        return stage.apply(document, matcher.match(document));
    }

    /**
     * Which alternatives of the rule in force named {@code ruleId} fire on the document, with their
     * words ({@link RuleExplainer}); empty when the rule is unknown or does not match.
     */
    public List<RuleExplainer.FiredPart> explain(String ruleId, Document document) {
        Rule rule = active.get(ruleId);
        if (rule == null) {
            return List.of();
        }
        RuleCompiler current;
        synchronized (this) {
            current = compiler;
        }
        try {
            return new RuleExplainer(current).explain(rule.query(), document);
        } catch (QueryException e) {
            // The rule compiled when it was loaded; only an aliases change since could break it.
            LOG.warnf("rule %s could not be explained: %s", ruleId, e.getMessage());
            return List.of();
        }
    }

    @Override
    public Optional<Rule> rule(String id) {
        return Optional.ofNullable(active.get(id));
    }

    public List<Rule> activeRules() {
        return active.values().stream().sorted(Comparator.comparing(Rule::id)).toList();
    }

    @Override
    public void close() {
        matcher.close();
    }
}
