package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.newswatch.cli.GeneratedRules;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.legacy.LegacyGoldenFile;
import io.newswatch.matching.legacy.LegacyRuleCompiler;
import io.newswatch.matching.legacy.LegacyRuleMatcher;
import io.newswatch.rules.Aliases;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The matching engine must give exactly the matches of the engine it replaced: the same rules,
 * the same highlights (field, words and offsets) and the same snippets, on every document of the
 * seeds, the labelled corpus and the shared real-news corpus, with the shipped rules and with
 * 1,000 generated rules.
 *
 * <p>The shipped rules run live through a frozen copy of the old engine
 * ({@link io.newswatch.matching.legacy}), so this keeps holding when the rule files are edited.
 * The generated rules never change, and the old engine needs minutes for them, so their expected
 * results are a file the old engine wrote ({@link LegacyGoldenFile}, at commit a40ae1c): per
 * document the number of matches and a digest of the same canonical form compared here.
 */
class MatchingEquivalenceTest {
    private static final Path SEEDS = Path.of("seeds");
    private static final Path CORPUS = Path.of("src", "test", "resources", "corpus", "docs");
    private static final Path REAL_NEWS = Path.of("..", "shared", "corpus", "realnews", "docs");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "equivalence", "generated-1000-legacy.tsv");

    private static int clauseLimit;

    /**
     * The old engine runs a whole rule as one Lucene query, with its wildcards expanded over the
     * document's words, and so refuses a large rule on a long document (more than 1,024 clauses),
     * which the new engine, running a rule's parts one by one, does not. Raised here, for this
     * comparison only, so that the old engine gives its answer instead of skipping the document.
     */
    @BeforeAll
    static void letTheOldEngineRunLargeRules() {
        clauseLimit = IndexSearcher.getMaxClauseCount();
        IndexSearcher.setMaxClauseCount(Math.max(clauseLimit, 65_536));
    }

    @AfterAll
    static void restoreTheClauseLimit() {
        IndexSearcher.setMaxClauseCount(clauseLimit);
    }

    @TestFactory
    Stream<DynamicTest> sameMatchesAndHighlightsAsTheEngineItReplaced() {
        Map<String, Path> corpora = new LinkedHashMap<>();
        corpora.put("seeds", SEEDS);
        corpora.put("corpus", CORPUS);
        corpora.put("realnews", REAL_NEWS);
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Path> corpus : corpora.entrySet()) {
            tests.add(DynamicTest.dynamicTest("shipped rules on " + corpus.getValue(), () -> {
                assumePresent(corpus.getValue());
                assertSameAsLegacy(corpus.getValue());
            }));
            tests.add(DynamicTest.dynamicTest("1,000 generated rules on " + corpus.getValue(), () -> {
                assumePresent(corpus.getValue());
                assertSameAsGolden(corpus.getKey(), corpus.getValue());
            }));
        }
        return tests.stream();
    }

    /**
     * Small rule sets skip the presearcher and run every part; that must change nothing but the
     * speed: the same matches, highlights and snippets as with the presearcher, both ways round.
     */
    @TestFactory
    Stream<DynamicTest> sameMatchesWithAndWithoutThePresearcher() {
        return Stream.of(SEEDS, CORPUS).map(folder -> DynamicTest.dynamicTest("shipped rules on " + folder, () -> {
            assumePresent(folder);
            RuleSet loaded = new RuleLoader().load(Path.of("rules"));
            RuleCompiler compiler = new RuleCompiler(loaded.aliases());
            DocumentFileReader reader = new DocumentFileReader();
            List<String> differences = new ArrayList<>();
            int matches = 0;
            try (RuleMatcher presearched = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, 0);
                    RuleMatcher everyPart = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, Integer.MAX_VALUE)) {
                for (LoadedRule rule : loaded.rules()) {
                    Query query = compiler.compile(rule.rule().query());
                    presearched.register(rule.id(), query);
                    everyPart.register(rule.id(), query);
                }
                for (Path file : reader.listFiles(folder)) {
                    Document document = reader.read(file, Instant.EPOCH);
                    List<String> expected = LegacyGoldenFile.canonical(presearched.match(document));
                    List<String> actual = LegacyGoldenFile.canonical(everyPart.match(document));
                    matches += expected.size();
                    if (!expected.equals(actual)) {
                        differences.add(file.getFileName() + ":\n    presearched: " + expected + "\n    every part:  " + actual);
                    }
                    assertEquals(everyPart.disjunctCount(), everyPart.partsRun(document), "without the presearcher every part runs");
                }
            }
            report(differences, reader.listFiles(folder).size(), folder, "the shipped rules, every part run");
            assertTrue(matches > 0, "no matches to compare under " + folder);
        }));
    }

    private static void assumePresent(Path folder) {
        Assumptions.assumeTrue(Files.isDirectory(folder),
                "skipped: " + folder.toAbsolutePath().normalize() + " is absent (the shared real-news corpus lives beside the repository)");
    }

    private static void assertSameAsLegacy(Path folder) throws Exception {
        RuleSet loaded = new RuleLoader().load(Path.of("rules"));
        assertEquals(List.of(), loaded.problems());
        RuleCompiler compiler = new RuleCompiler(loaded.aliases());
        LegacyRuleCompiler legacyCompiler = new LegacyRuleCompiler(loaded.aliases());
        DocumentFileReader reader = new DocumentFileReader();
        List<Path> files = reader.listFiles(folder);
        List<String> differences = new ArrayList<>();
        int matches = 0;
        // The frozen engine counts one clause per alias word (the current one counts a group's words
        // once, see docs/rules.md), so the shipped treaty rule needs more than Lucene's default 1,024
        // clauses there; the limit changes which rules load, never what a loaded rule matches.
        int clauseLimit = IndexSearcher.getMaxClauseCount();
        IndexSearcher.setMaxClauseCount(Math.max(clauseLimit, 16_384));
        try (RuleMatcher matcher = new RuleMatcher(); LegacyRuleMatcher legacy = new LegacyRuleMatcher()) {
            for (LoadedRule rule : loaded.rules()) {
                matcher.register(rule.id(), compiler.compile(rule.rule().query()));
                legacy.register(rule.id(), legacyCompiler.compile(rule.rule().query()));
            }
            for (Path file : files) {
                Document document = reader.read(file, Instant.EPOCH);
                List<String> expected = LegacyGoldenFile.canonical(legacy.match(document));
                List<String> actual = LegacyGoldenFile.canonical(matcher.match(document));
                matches += expected.size();
                if (!expected.equals(actual)) {
                    differences.add(file.getFileName() + ":\n    before: " + expected + "\n    now:    " + actual);
                }
            }
        } finally {
            IndexSearcher.setMaxClauseCount(clauseLimit);
        }
        report(differences, files.size(), folder, "the shipped rules");
        // The comparison means something only if the rules match a fair number of documents.
        assertTrue(matches >= files.size() / 10, "only " + matches + " matches over " + files.size() + " documents");
    }

    private static void assertSameAsGolden(String corpus, Path folder) throws Exception {
        Map<String, String[]> expected = new HashMap<>();
        for (String line : Files.readAllLines(GOLDEN)) {
            String[] fields = line.split("\t");
            expected.put(fields[0], fields);
        }
        GeneratedRules rules = GeneratedRules.of(1_000, 42);
        RuleCompiler compiler = new RuleCompiler(rules.aliases(Aliases.NONE));
        DocumentFileReader reader = new DocumentFileReader();
        List<Path> files = reader.listFiles(folder);
        List<String> differences = new ArrayList<>();
        int matches = 0;
        try (RuleMatcher matcher = new RuleMatcher()) {
            Map<String, Query> queries = new LinkedHashMap<>();
            for (Map.Entry<String, String> rule : rules.queries().entrySet()) {
                queries.put(rule.getKey(), compiler.compile(rule.getValue()));
            }
            matcher.register(queries);
            for (Path file : files) {
                String key = corpus + "/" + folder.relativize(file);
                String[] before = expected.get(key);
                if (before == null) {
                    differences.add(key + ": not in " + GOLDEN + " (a document added since it was written?)");
                    continue;
                }
                List<String> actual = LegacyGoldenFile.canonical(matcher.match(reader.read(file, Instant.EPOCH)));
                matches += actual.size();
                if (!before[1].equals(String.valueOf(actual.size())) || !before[2].equals(LegacyGoldenFile.digest(actual))) {
                    differences.add(key + ": before " + before[1] + " matches (digest " + before[2] + "), now " + actual.size() + ": " + actual);
                }
            }
        }
        report(differences, files.size(), folder, "1,000 generated rules");
        assertTrue(matches >= files.size(), "only " + matches + " matches over " + files.size() + " documents");
    }

    private static void report(List<String> differences, int documents, Path folder, String rules) {
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + documents + " documents under " + folder + " match differently with "
                    + rules + "; first ones:\n" + String.join("\n", differences.subList(0, Math.min(5, differences.size()))));
        }
    }
}
