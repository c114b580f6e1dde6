package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.newswatch.cli.GeneratedRules;
import io.newswatch.ingest.DocumentFileReader;
import io.newswatch.matching.legacy.LegacyRuleCompiler;
import io.newswatch.matching.legacy.LegacyRuleMatcher;
import io.newswatch.rules.Aliases;
import io.newswatch.rules.LoadedRule;
import io.newswatch.rules.RuleLoader;
import io.newswatch.rules.RuleSet;
import io.newswatch.text.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The matching engine must give exactly the matches of the engine it replaced: the same rules,
 * the same highlights (field, words and offsets) and the same snippets, on every document of the
 * seeds, the labelled corpus and the shared real-news corpus, with the shipped rules and with
 * 1,000 generated rules. The old engine is kept as a frozen copy in
 * {@link io.newswatch.matching.legacy} and both run here on the same rules and documents, so the
 * test keeps holding when the rule files are edited.
 */
class MatchingEquivalenceTest {
    private static final Path REAL_NEWS = Path.of("..", "shared", "corpus", "realnews", "docs");

    /** A named rule set as rule id to query text, with its aliases. */
    private record Rules(String name, Aliases aliases, Map<String, String> queries) {}

    @TestFactory
    Stream<DynamicTest> sameMatchesAndHighlightsAsTheEngineItReplaced() {
        List<Rules> ruleSets = List.of(shippedRules(), generatedRules(1_000));
        List<DynamicTest> tests = new ArrayList<>();
        for (Rules rules : ruleSets) {
            tests.add(DynamicTest.dynamicTest(rules.name() + " on the seeds", () -> assertSame(rules, Path.of("seeds"))));
            tests.add(DynamicTest.dynamicTest(rules.name() + " on the labelled corpus",
                    () -> assertSame(rules, Path.of("src", "test", "resources", "corpus", "docs"))));
            tests.add(DynamicTest.dynamicTest(rules.name() + " on ../shared/corpus/realnews", () -> {
                Assumptions.assumeTrue(Files.isDirectory(REAL_NEWS),
                        "skipped: " + REAL_NEWS.toAbsolutePath().normalize() + " is absent (the shared real-news corpus lives beside the repository)");
                assertSame(rules, REAL_NEWS);
            }));
        }
        return tests.stream();
    }

    private static Rules shippedRules() {
        RuleSet loaded = new RuleLoader().load(Path.of("rules"));
        assertEquals(List.of(), loaded.problems());
        Map<String, String> queries = new LinkedHashMap<>();
        for (LoadedRule rule : loaded.rules()) {
            queries.put(rule.id(), rule.rule().query());
        }
        return new Rules("shipped rules", loaded.aliases(), queries);
    }

    private static Rules generatedRules(int count) {
        GeneratedRules generated = GeneratedRules.of(count, 42);
        return new Rules(count + " generated rules", generated.aliases(Aliases.NONE), generated.queries());
    }

    private static void assertSame(Rules rules, Path folder) throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Path> files = reader.listFiles(folder);
        assertTrue(files.size() > 0, "no documents under " + folder);
        RuleCompiler compiler = new RuleCompiler(rules.aliases());
        LegacyRuleCompiler legacyCompiler = new LegacyRuleCompiler(rules.aliases());
        List<String> differences = new ArrayList<>();
        int matches = 0;
        try (RuleMatcher matcher = new RuleMatcher(); LegacyRuleMatcher legacy = new LegacyRuleMatcher()) {
            for (Map.Entry<String, String> rule : rules.queries().entrySet()) {
                matcher.register(rule.getKey(), compiler.compile(rule.getValue()));
                legacy.register(rule.getKey(), legacyCompiler.compile(rule.getValue()));
            }
            for (Path file : files) {
                Document document = reader.read(file, Instant.EPOCH);
                List<String> expected = canonical(legacy.match(document));
                List<String> actual = canonical(matcher.match(document));
                matches += expected.size();
                if (!expected.equals(actual)) {
                    differences.add(file.getFileName() + ":\n    before: " + expected + "\n    now:    " + actual);
                }
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " of " + files.size() + " documents under " + folder + " match differently with "
                    + rules.name() + "; first ones:\n" + String.join("\n", differences.subList(0, Math.min(5, differences.size()))));
        }
        // The comparison means something only if the rules match a fair number of documents.
        assertTrue(matches >= files.size() / 10, "only " + matches + " matches over " + files.size() + " documents");
    }

    /** One line per matching rule, sorted by rule id: id, highlights with offsets, snippet. The score is left out on purpose. */
    private static List<String> canonical(List<Match> matches) {
        return matches.stream()
                .map(m -> m.ruleId() + " " + m.highlights().stream()
                        .map(h -> h.field() + ":" + h.start() + "-" + h.end() + "=" + h.term())
                        .toList() + " | " + m.snippet())
                .sorted()
                .toList();
    }
}
