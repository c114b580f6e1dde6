package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import io.newswatch.rules.Aliases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;

/**
 * Single-word alias entries inside NEAR/BEFORE are compiled into one word set per field
 * ({@link WordSetIntervalsSource}): the same matches and highlights as the entries written out as
 * an OR group, and a large group no longer runs into Lucene's clause limit.
 */
class AliasWordSetTest {
    /** Stemmed words, quoted words (as written), a wildcard and a phrase, as real groups mix them. */
    private static final List<String> MIXED = List.of("treaty", "pact", "\"accord\"", "\"accords\"", "protocol",
            "ratif*", "mutual defence", "charter");
    private static final Aliases ALIASES = new Aliases(Map.of(
            "nouns", MIXED,
            "acts", List.of("sign", "signed", "\"joined\"", "withdr*", "tore up")));

    private static final String WRITTEN_OUT = "(treaty OR pact OR \"accord\" OR \"accords\" OR protocol OR ratif* OR \"mutual defence\""
            + " OR charter) NEAR/5 (sign OR signed OR \"joined\" OR withdr* OR \"tore up\")";

    private static final List<String> TEXTS = List.of(
            "Japan and India signed a defence pact on Monday.",
            "The two states signed the accords in Paris.",
            "According to the minister, nothing was signed.",
            "Russia withdrew from the treaties it had ratified.",
            "Parliament joined the protocol debate, and the charter was torn.",
            "The government tore up the mutual defence arrangement.",
            "The Treaty was signed; the pacts were later ratified and joined.",
            "Nothing here: a trade fair opened in Hanover.");

    private static Document doc(int i, String body) {
        return new Document("doc-" + i, "test", "test.txt", "A report", body, Instant.EPOCH, "en", Instant.EPOCH,
                List.of(), List.of());
    }

    @Test
    void aliasOfSingleWordsMatchesAndHighlightsLikeTheWordsWrittenOut() throws Exception {
        RuleCompiler compiler = new RuleCompiler(ALIASES);
        try (RuleMatcher viaAlias = new RuleMatcher(); RuleMatcher writtenOut = new RuleMatcher()) {
            viaAlias.register("rule", compiler.compile("@nouns NEAR/5 @acts"));
            writtenOut.register("rule", compiler.compile(WRITTEN_OUT));
            int matched = 0;
            for (int i = 0; i < TEXTS.size(); i++) {
                List<Match> a = viaAlias.match(doc(i, TEXTS.get(i)));
                List<Match> b = writtenOut.match(doc(i, TEXTS.get(i)));
                assertEquals(b.stream().map(Match::highlights).toList(), a.stream().map(Match::highlights).toList(), TEXTS.get(i));
                assertEquals(b.stream().map(Match::snippet).toList(), a.stream().map(Match::snippet).toList(), TEXTS.get(i));
                matched += a.size();
            }
            assertEquals(6, matched, "texts 0, 1, 3, 4, 5, 6 match; the 'according' and trade-fair texts do not");
        }
    }

    @Test
    void quotedWordsStayUnstemmedAndBareWordsStemmedInsideTheSet() throws Exception {
        RuleCompiler compiler = new RuleCompiler(new Aliases(Map.of(
                "exact", List.of("\"us\"", "\"accord\""),
                "stemmed", List.of("sanction", "troop"))));
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register("exact", compiler.compile("@exact NEAR/3 signed"));
            matcher.register("stemmed", compiler.compile("@stemmed NEAR/3 imposed"));
            assertTrue(matcher.match(doc(1, "The accord was signed.")).stream().anyMatch(m -> m.ruleId().equals("exact")));
            assertFalse(matcher.match(doc(2, "According to reports it was signed.")).stream().anyMatch(m -> m.ruleId().equals("exact")));
            assertFalse(matcher.match(doc(3, "They use it; it was signed.")).stream().anyMatch(m -> m.ruleId().equals("exact")));
            assertTrue(matcher.match(doc(4, "New sanctions were imposed.")).stream().anyMatch(m -> m.ruleId().equals("stemmed")));
        }
    }

    @Test
    void theWordSetStillLetsThePresearcherSkipDocumentsWithoutItsWords() throws Exception {
        RuleCompiler compiler = new RuleCompiler(ALIASES);
        // presearchFromParts 0: always presearch (small rule sets otherwise run every part directly)
        try (RuleMatcher matcher = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, 0)) {
            matcher.register("rule", compiler.compile("@nouns NEAR/5 @acts"));
            assertEquals(0, matcher.partsRun(doc(1, "A trade fair opened in Hanover, and visitors signed the guest book.")));
            assertEquals(1, matcher.partsRun(doc(2, "The pact was signed.")));
        }
    }

    @Test
    void aLargeGroupOfWordsInsideNestedNearCompilesWithinTheClauseLimit() throws Exception {
        int size = IndexSearcher.getMaxClauseCount() + 500;
        List<String> words = IntStream.range(0, size).mapToObj(AliasWordSetTest::word).toList();
        RuleCompiler compiler = new RuleCompiler(new Aliases(Map.of("many", words, "acts", List.of("signed", "ratified"))));
        String rule = "((@many NEAR/3 treaty) NEAR/8 @acts) OR ((@many NEAR/3 pact) NEAR/8 @acts)";
        Query query = compiler.compile(rule);
        assertEquals(Optional.empty(), RuleLoader.tooManyClauses(query));

        // 600 of the words written out as an OR group (a query holds at most 1,000 words) are one
        // clause each on each side of every NEAR, and Lucene refuses them.
        String inline = words.subList(0, 600).stream().collect(Collectors.joining(" OR ", "((", ") NEAR/3 treaty) NEAR/8 @acts"));
        assertTrue(RuleLoader.tooManyClauses(compiler.compile(inline)).isPresent(), "the written-out group exceeds the limit");

        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register("rule", query);
            String last = word(size - 1);
            List<Match> found = matcher.match(doc(1, "The " + last + " border treaty was signed on Monday."));
            assertEquals(1, found.size());
            List<String> fired = new ArrayList<>(found.getFirst().highlights().stream().map(h -> h.term().toLowerCase()).toList());
            assertTrue(fired.containsAll(List.of(last, "signed", "treaty")), "fired by " + fired);
            assertEquals(List.of(), matcher.match(doc(2, "On Monday the border treaty was signed.")));
        }
    }

    /** A made-up single word that the stemmer leaves alone: "zq" and letters for the number. */
    private static String word(int n) {
        StringBuilder letters = new StringBuilder("zq");
        for (char c : Integer.toString(n).toCharArray()) {
            letters.append((char) ('b' + (c - '0')));
        }
        return letters.toString();
    }
}
