package io.newswatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.ShippedRuleFiles.ShippedRule;
import io.newswatch.text.CleanText;
import io.newswatch.document.Document;
import io.newswatch.text.TextCleaner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.QueryDecomposer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The three rules newswatch ships: they load, their own examples hold, and so do the seed expectations. */
class ShippedRulesTest {
    private static final int MIN_EXAMPLES = 5;

    private static RuleMatcher matcher;
    private static Map<String, Document> seeds;

    @BeforeAll
    static void registerShippedRulesAndReadSeeds() throws IOException {
        matcher = ShippedRuleFiles.matcher();
        seeds = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of("seeds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                CleanText clean = TextCleaner.clean(Files.readString(file));
                String name = file.getFileName().toString();
                seeds.put(name.substring(0, 3), ShippedRuleFiles.document(name, clean.title(), clean.body()));
            }
        }
    }

    @AfterAll
    static void closeMatcher() {
        matcher.close();
    }

    @Test
    void everyShippedRuleLoadsWithEnoughExamples() throws IOException {
        RuleCompiler compiler = new RuleCompiler(ShippedRuleFiles.aliases());
        for (ShippedRule rule : ShippedRuleFiles.rules()) {
            ShippedRuleFiles.compile(compiler, rule);
            assertFalse(rule.description().isBlank(), rule.id() + " needs a description");
            assertTrue(rule.matchExamples().size() >= MIN_EXAMPLES, rule.id() + " needs at least " + MIN_EXAMPLES + " match examples");
            assertTrue(rule.noMatchExamples().size() >= MIN_EXAMPLES, rule.id() + " needs at least " + MIN_EXAMPLES + " no_match examples");
        }
        assertEquals(Set.copyOf(ShippedRuleFiles.SHIPPED), matcher.ruleIds());
    }

    @Test
    void everyAliasGroupCompiles() throws IOException {
        assertEquals(List.of(), new RuleCompiler(ShippedRuleFiles.aliases()).aliasProblems());
    }

    /**
     * Lucene refuses to run a query part of more than 1024 clauses, and the matcher then drops the
     * rule for that document with only a warning. Phrase entries inside NEAR multiply quickly, so
     * this catches an alias grown too large before it silently stops a rule from matching.
     */
    @Test
    void everyQueryPartStaysUnderLucenesClauseLimit() throws IOException {
        RuleCompiler compiler = new RuleCompiler(ShippedRuleFiles.aliases());
        IndexSearcher searcher = new MemoryIndex().createSearcher();
        for (ShippedRule rule : ShippedRuleFiles.rules()) {
            for (Query part : new QueryDecomposer().decompose(ShippedRuleFiles.compile(compiler, rule))) {
                try {
                    searcher.rewrite(part);
                } catch (IndexSearcher.TooManyNestedClauses e) {
                    fail(rule.id() + ": a part of its query has more than " + IndexSearcher.getMaxClauseCount()
                            + " clauses; use fewer phrase entries in the aliases it puts inside NEAR/BEFORE");
                }
            }
        }
    }

    @Test
    void matchExamplesMatchTheirRule() throws IOException {
        List<String> misses = new ArrayList<>();
        for (ShippedRule rule : ShippedRuleFiles.rules()) {
            for (String text : rule.matchExamples()) {
                if (!matches(rule.id(), text)) {
                    misses.add(rule.id() + " should match: " + text);
                }
            }
        }
        assertEquals(List.of(), misses);
    }

    @Test
    void noMatchExamplesDoNotMatchTheirRule() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (ShippedRule rule : ShippedRuleFiles.rules()) {
            for (String text : rule.noMatchExamples()) {
                if (matches(rule.id(), text)) {
                    wrong.add(rule.id() + " should not match: " + text);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void troopDeploymentMatchesEverySeed() {
        assertEquals(Set.of("000", "001", "002", "003", "004"), seedsMatching("troop-deployment"));
    }

    @Test
    void treatyMatchesEverySeed() {
        assertEquals(Set.of("000", "001", "002", "003", "004"), seedsMatching("treaty"));
    }

    /** 001 may go either way: it speaks of violating UN Security Council resolutions, not of sanctions. */
    @Test
    void sanctionsMatchesTheSeedsAboutSanctionsButNotSeed002() {
        Set<String> matching = seedsMatching("sanctions");
        assertTrue(matching.containsAll(Set.of("000", "003", "004")), "sanctions matched only " + matching);
        assertFalse(matching.contains("002"), "sanctions must not match seed 002, which never mentions sanctions");
    }

    @Test
    void allFiveSeedsAreRead() {
        assertEquals(Set.of("000", "001", "002", "003", "004"), seeds.keySet());
    }

    private static boolean matches(String ruleId, String text) {
        Document example = ShippedRuleFiles.document("example", "", text.strip());
        return ShippedRuleFiles.matchingRules(matcher, example).contains(ruleId);
    }

    private static Set<String> seedsMatching(String ruleId) {
        Set<String> matching = new java.util.TreeSet<>();
        seeds.forEach((number, document) -> {
            if (ShippedRuleFiles.matchingRules(matcher, document).contains(ruleId)) {
                matching.add(number);
            }
        });
        return matching;
    }
}
