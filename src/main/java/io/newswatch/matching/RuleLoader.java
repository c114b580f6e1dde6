package io.newswatch.matching;

import io.newswatch.broker.Topics;

import io.newswatch.config.InvalidFileException;

import io.newswatch.config.YamlSource;

import io.newswatch.rules.RuleFileParser;

import io.newswatch.config.FileProblem;

import io.newswatch.rules.Aliases;

import io.newswatch.rules.Rule;



import io.newswatch.rules.RuleSource;


import io.newswatch.rules.query.QueryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.monitor.QueryDecomposer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * Loads a rules directory: {@code _aliases.yml} first, then every {@code <id>.yml}. Files whose
 * names start with {@code _} or {@code .} are not rules ({@code _aliases.yml}, {@code _recipients.yml},
 * editor back-ups).
 */
public final class RuleLoader {
    private final Optional<Set<String>> knownRecipients;
    private final Topics topics;

    /**
     * @param knownRecipients recipient names from {@code _recipients.yml}; when present, a rule whose
     *                        {@code notify} names anyone else does not load
     */
    public RuleLoader(Optional<Set<String>> knownRecipients) {
        this(knownRecipients, Topics.DEFAULTS);
    }

    /** @param topics the configured topic names, none of which a rule may use as its own */
    public RuleLoader(Optional<Set<String>> knownRecipients, Topics topics) {
        this.knownRecipients = knownRecipients;
        this.topics = topics;
    }

    public RuleLoader() {
        this(Optional.empty());
    }

    public RuleSet load(Path rulesDir) {
        List<FileProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(rulesDir)) {
            problems.add(new FileProblem(rulesDir, 1, 1, "rules directory does not exist; create it or point NEWSWATCH_RULES_DIR at it"));
            return new RuleSet(Aliases.NONE, List.of(), problems);
        }
        AliasesFile.Result aliases = AliasesFile.load(rulesDir);
        problems.addAll(aliases.problems());
        RuleCompiler compiler = new RuleCompiler(aliases.aliases());
        List<LoadedRule> rules = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : ruleFiles(rulesDir, problems)) {
            try {
                LoadedRule rule = load(file, compiler);
                Path earlier = seen.putIfAbsent(rule.id(), file);
                if (earlier != null) {
                    problems.add(new FileProblem(file, 1, 1, "rule id \"" + rule.id() + "\" is already defined in " + earlier + "; keep one of the two files"));
                } else {
                    rules.add(rule);
                }
            } catch (InvalidFileException e) {
                problems.addAll(e.problems());
            }
        }
        return new RuleSet(aliases.aliases(), rules, problems);
    }

    /**
     * Loads one rule file against aliases that are already loaded (hot reload of a single file).
     * A failure of any kind, even an {@link Error}, is this file's {@link InvalidFileException}: one rule
     * never costs the others.
     */
    public LoadedRule load(Path file, RuleCompiler compiler) throws InvalidFileException {
        try {
            return loadChecked(file, compiler);
        } catch (InvalidFileException e) {
            throw e;
        } catch (Throwable unexpected) { // deliberately everything: StackOverflowError, OutOfMemoryError, bugs
            throw new InvalidFileException(FileProblem.unexpected(file, "loading the rule", unexpected));
        }
    }

    /**
     * Loads a rule file's text that is not a file (the console's workbench), with exactly the checks
     * of {@link #load(Path, RuleCompiler)}; problems are reported under {@code yaml}'s file name.
     */
    public LoadedRule load(YamlSource yaml, RuleCompiler compiler) throws InvalidFileException {
        try {
            return loadChecked(yaml, compiler);
        } catch (InvalidFileException e) {
            throw e;
        } catch (Throwable unexpected) { // as for a file: a draft that breaks the loader is the draft's problem
            throw new InvalidFileException(FileProblem.unexpected(yaml.file(), "loading the rule", unexpected));
        }
    }

    private LoadedRule loadChecked(Path file, RuleCompiler compiler) throws InvalidFileException {
        return loadChecked(YamlSource.read(file), compiler);
    }

    private LoadedRule loadChecked(YamlSource yaml, RuleCompiler compiler) throws InvalidFileException {
        RuleSource source = RuleFileParser.parse(yaml, topics);
        List<FileProblem> problems = new ArrayList<>();
        if (knownRecipients.isPresent()) {
            List<String> names = source.rule().recipients();
            for (int i = 0; i < names.size(); i++) {
                if (!knownRecipients.get().contains(names.get(i))) {
                    problems.add(source.recipients().get(i).problem("unknown recipient \"" + names.get(i)
                            + "\" in notify; define it in rules/_recipients.yml or remove it (known: "
                            + String.join(", ", knownRecipients.get().stream().sorted().toList()) + ")"));
                }
            }
        }
        try {
            Query query;
            try {
                query = compiler.compile(source.rule().query());
            } catch (IndexSearcher.TooManyClauses e) {
                problems.add(source.query().problem(tooBig(e)));
                throw new InvalidFileException(problems);
            }
            tooManyClauses(query).ifPresent(message -> problems.add(source.query().problem(message)));
            if (!problems.isEmpty()) {
                throw new InvalidFileException(problems);
            }
            return new LoadedRule(source, query);
        } catch (QueryException e) {
            problems.add(0, source.query().problemAt(e.offset(), e.getMessage()));
            throw new InvalidFileException(problems);
        }
    }

    /**
     * Lucene refuses, at search time, a query whose expansion exceeds its clause limit; such a rule
     * would load and then silently never match. The Monitor searches each top-level disjunct on its
     * own, so each is rewritten once against an empty index, as the Monitor will, to find out now.
     */
    static Optional<String> tooManyClauses(Query query) {
        try {
            IndexSearcher searcher = new IndexSearcher(new MultiReader());
            for (Query disjunct : new QueryDecomposer().decompose(query)) {
                searcher.rewrite(disjunct);
            }
            return Optional.empty();
        } catch (IndexSearcher.TooManyClauses e) {
            return Optional.of(tooBig(e));
        } catch (IOException e) {
            return Optional.of("query cannot be checked: " + e.getMessage());
        }
    }

    private static String tooBig(IndexSearcher.TooManyClauses e) {
        return "query is too big: it expands to more than " + IndexSearcher.getMaxClauseCount()
                + " clauses; use fewer alias entries inside NEAR/BEFORE, or split the rule";
    }

    /** Rule files in a directory, in name order; not recursive. */
    public static List<Path> ruleFiles(Path rulesDir, List<FileProblem> problems) {
        try (Stream<Path> files = Files.list(rulesDir)) {
            return files.filter(RuleLoader::isRuleFile).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            problems.add(new FileProblem(rulesDir, 1, 1, "cannot list the rules directory (" + e.getMessage() + ")"));
            return List.of();
        }
    }

    public static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".yml") || name.endsWith(".yaml"))
                && !name.startsWith("_") && !name.startsWith(".")
                && Files.isRegularFile(file);
    }
}
