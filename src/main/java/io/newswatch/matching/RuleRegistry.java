package io.newswatch.matching;

import io.newswatch.rules.QueryQuoting;

import io.newswatch.config.InvalidFileException;



import io.newswatch.config.FileProblem;

import io.newswatch.rules.Aliases;

import io.newswatch.rules.Rule;



import io.newswatch.config.FileStamp;
import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

    private record Entry(FileStamp stamp, LoadedRule active, List<FileProblem> problems, List<FileProblem> warnings) {}

    private final Path rulesDir;
    private final RuleLoader loader;
    private final Activation activation;
    private final RuleMatcher matcher = new RuleMatcher();
    private final Map<Path, Entry> files = new HashMap<>();
    private final Map<String, Rule> active = new ConcurrentHashMap<>();
    private volatile List<RuleState> states = List.of();
    private FileStamp aliasesStamp;
    private boolean aliasesLoaded;
    private List<FileProblem> aliasProblems = List.of();
    private volatile RuleCompiler compiler = new RuleCompiler(Aliases.NONE);

    public RuleRegistry(Path rulesDir, RuleLoader loader, Activation activation) {
        this.rulesDir = rulesDir;
        this.loader = loader;
        this.activation = activation;
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
                    LOG.infof("rule %s removed (%s deleted)", gone.active().id(), file);
                }
            }
        }
        Map<String, Query> batch = new HashMap<>();
        for (Path file : present) {
            Optional<FileStamp> stamp = FileStamp.of(file);
            Entry entry = files.get(file);
            if (stamp.isEmpty() || (entry != null && !aliasesChanged && entry.stamp().equals(stamp.get()))) {
                continue;
            }
            files.put(file, load(file, stamp.get(), entry, batch));
        }
        if (!batch.isEmpty()) {
            matcher.register(batch); // one index update for the whole change, however many rules
        }
        publishStates();
    }

    private Entry load(Path file, FileStamp stamp, Entry previous, Map<String, Query> batch) {
        LoadedRule lastGood = previous == null ? null : previous.active();
        LoadedRule candidate;
        try {
            candidate = loader.load(file, compiler);
        } catch (InvalidFileException e) {
            e.problems().forEach(p -> LOG.errorf("rule file %s%s", p,
                    lastGood == null ? "" : " (keeping the last good version of rule " + lastGood.id() + ")"));
            return new Entry(stamp, lastGood, e.problems(), previous == null ? List.of() : previous.warnings());
        }
        String clash = files.entrySet().stream()
                .filter(f -> !f.getKey().equals(file) && f.getValue().active() != null && f.getValue().active().id().equals(candidate.id()))
                .map(f -> f.getKey().toString()).findFirst().orElse(null);
        if (clash != null) {
            FileProblem problem = new FileProblem(file, 1, 1, "rule id \"" + candidate.id() + "\" is already defined in " + clash + "; keep one of the two files");
            LOG.errorf("rule file %s", problem);
            return new Entry(stamp, lastGood, List.of(problem), previous == null ? List.of() : previous.warnings());
        }
        activation.prepare(candidate.rule());
        batch.put(candidate.id(), candidate.query());
        active.put(candidate.id(), candidate.rule());
        LOG.infof("rule %s %s from %s", candidate.id(), lastGood == null ? "loaded" : "reloaded", file);
        List<FileProblem> warnings = new ArrayList<>();
        QueryQuoting.warning(candidate.source()).ifPresent(warnings::add);
        warnings.addAll(RuleExamples.check(candidate)); // the rule's own tests, on every (re)load
        warnings.forEach(w -> LOG.warnf("rule %s: %s", candidate.id(), w));
        return new Entry(stamp, candidate, List.of(), warnings);
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
        return matcher.match(document);
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
