package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import io.newswatch.document.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {
    private static final Aliases ALIASES = new Aliases(Map.of(
            "north_korea", List.of("north korea", "north korean", "dprk", "pyongyang*", "kim jong un"),
            "russia", List.of("russia", "russian", "moscow", "\"Kremlin\"")));

    private final OneRuleMatcher rules = new OneRuleMatcher(ALIASES);

    @AfterEach
    void close() {
        rules.close();
    }

    private Match only(String query, Document document) throws QueryException {
        rules.matcher.register("rule", rules.compiler.compile(query));
        List<Match> found = rules.matcher.match(document);
        assertEquals(1, found.size(), "matches of " + query);
        return found.getFirst();
    }

    // ------------------------------------------------------------ analysis

    @Test
    void stemsWords() throws QueryException {
        assertTrue(rules.matches("deploys", "Troops were deployed on Monday."));
        assertTrue(rules.matches("deployed", "Pyongyang deploys troops."));
        assertTrue(rules.matches("troop", "Thousands of troops."));
        assertFalse(rules.matches("deploys", "A new deployment was announced."));
    }

    @Test
    void foldsAccents() throws QueryException {
        assertTrue(rules.matches("Pyongyang", "Officials in Pyŏngyang said so."));
        assertTrue(rules.matches("Pyŏngyang", "Officials in Pyongyang said so."));
        assertTrue(rules.matches("\"Pyongyang officials\"", "Pyŏngyang officials said so."));
        assertTrue(rules.matches("pyong*", "Pyŏngyang officials said so."));
    }

    @Test
    void foldsCase() throws QueryException {
        assertTrue(rules.matches("PYONGYANG", "officials in pyongyang"));
        assertTrue(rules.matches("pyongyang", "OFFICIALS IN PYONGYANG"));
        assertTrue(rules.matches("\"North KOREA\"", "north korea"));
    }

    @Test
    void dropsPossessives() throws QueryException {
        assertTrue(rules.matches("\"north korea\" troops", "North Korea’s troops and Pyongyang's envoy"));
        assertTrue(rules.matches("pyongyang", "Pyongyang's envoy"));
    }

    @Test
    void phrasesMatchExactWordsInOrder() throws QueryException {
        assertTrue(rules.matches("\"troops deployed\"", "Troops deployed to the border."));
        assertFalse(rules.matches("\"troops deployed\"", "Troop deployed to the border."));
        assertFalse(rules.matches("\"troops deployed\"", "Troops were deployed to the border."));
        assertFalse(rules.matches("\"troops deployed\"", "Deployed troops on the border."));
        assertFalse(rules.matches("\"deployed\"", "It deploys troops."));
        assertTrue(rules.matches("troops deployed", "Troop deployed to the border."));
    }

    @Test
    void punctuatedWordsAreStemmedSequences() throws QueryException {
        assertTrue(rules.matches("north-korean", "North Korean troops."));
        assertFalse(rules.matches("north-korean", "Korean troops went north."));
    }

    @Test
    void wildcardsFindFormsTheStemmerChanged() throws QueryException {
        assertTrue(rules.matches("deploy*", "Troops were deployed."));
        assertTrue(rules.matches("deploy*", "A troop deployment."));
        assertTrue(rules.matches("deploy*", "DEPLOYING now."));
        assertFalse(rules.matches("deploy*", "They redeploy."));
        assertTrue(rules.matches("title:deploy*", "Deployment begins", "Nothing here."));
    }

    @Test
    void lowerCaseOperatorWordsAreSearchedForAsWords() throws QueryException {
        assertTrue(rules.matches("troops near border", "Troops near the border."));
        assertFalse(rules.matches("troops near border", "Troops at the border."));
    }

    // ------------------------------------------------------------ proximity

    @Test
    void nearCountsTheWordsBetweenTheSides() throws QueryException {
        String threeBetween = "troops one two three deployed";
        assertTrue(rules.matches("troops NEAR/3 deployed", threeBetween));
        assertFalse(rules.matches("troops NEAR/2 deployed", threeBetween));
        assertTrue(rules.matches("deployed NEAR/3 troops", threeBetween));
        assertFalse(rules.matches("deployed NEAR/2 troops", threeBetween));
        assertTrue(rules.matches("troops NEAR/1 deployed", "Troops were deployed."));
    }

    @Test
    void beforeRequiresOrder() throws QueryException {
        String text = "Troops one two deployed.";
        assertTrue(rules.matches("troops BEFORE/2 deployed", text));
        assertFalse(rules.matches("troops BEFORE/1 deployed", text));
        assertFalse(rules.matches("deployed BEFORE/2 troops", text));
    }

    @Test
    void proximitySidesDoNotOverlap() throws QueryException {
        assertFalse(rules.matches("deploy* NEAR/3 deployed", "They were deployed."));
        assertTrue(rules.matches("deploy* NEAR/3 deployed", "Deployment: they were deployed."));
    }

    @Test
    void groupsPhrasesWildcardsAndAliasesWorkInsideNear() throws QueryException {
        assertTrue(rules.matches("(troops OR soldiers) NEAR/2 deploy*", "Soldiers have been deployed."));
        assertTrue(rules.matches("\"north korea\" NEAR/1 troops", "North Korea sent troops."));
        assertFalse(rules.matches("\"north korea\" NEAR/1 troops", "North Korea sent many troops."));
        assertTrue(rules.matches("@north_korea NEAR/3 troops", "Pyongyang's troops arrived."));
        assertTrue(rules.matches("@north_korea NEAR/3 troops", "Troops of the DPRK arrived."));
        assertTrue(rules.matches("@north_korea NEAR/3 troops", "Kim Jong-un reviewed troops."));
        assertFalse(rules.matches("@north_korea NEAR/3 troops", "Korea in the north sent troops."));
        assertTrue(rules.matches("(@north_korea NEAR/3 troops) BEFORE/5 @russia", "North Korean troops were sent to Russia."));
        assertFalse(rules.matches("(@north_korea NEAR/3 troops) BEFORE/5 @russia", "Russia hosts North Korean troops."));
        assertTrue(rules.matches("@russia NEAR/2 talks", "Talks in the Kremlin."));
    }

    @Test
    void nearReachesFromTitleIntoBody() throws QueryException {
        assertTrue(rules.matches("korean NEAR/1 troops", "Seoul watches North Korean", "Troops massed at the border."));
    }

    // ------------------------------------------------------------ scope and exclusion

    @Test
    void titleScopeSearchesOnlyTheTitle() throws QueryException {
        assertTrue(rules.matches("title:troops", "Troops move", "Nothing else."));
        assertFalse(rules.matches("title:troops", "Border news", "Troops move."));
        assertTrue(rules.matches("troops", "Border news", "Troops move."));
        assertTrue(rules.matches("title:(troops NEAR/2 border)", "Troops at the border", "Body."));
        assertFalse(rules.matches("title:(troops NEAR/2 border)", "Troops", "At the border."));
        assertTrue(rules.matches("title:\"north korea\" troops", "North Korea", "Troops move."));
    }

    @Test
    void notExcludesDocuments() throws QueryException {
        assertTrue(rules.matches("troops NOT exercise", "Troops moved."));
        assertFalse(rules.matches("troops NOT exercise", "Troops moved for exercises."));
        assertFalse(rules.matches("troops NOT (joint NEAR/2 drill)", "Troops joined a joint naval drill."));
        assertTrue(rules.matches("troops NOT (joint NEAR/2 drill)", "Troops joined, and a drill was held, jointly or not, joint efforts."));
        assertTrue(rules.matches("troops title:(NOT exercise)", "Border news", "Troops on exercise."));
        assertFalse(rules.matches("troops title:(NOT exercise)", "Exercise news", "Troops."));
        assertTrue(rules.matches("(troops OR soldiers) NOT exercise OR drill", "A drill."));
    }

    // ------------------------------------------------------------ compiler errors

    @Test
    void unknownAliasPointsAtTheAlias() {
        QueryException e = assertThrows(QueryException.class, () -> rules.compiler.compile("troops NEAR/3 @north_koreaa"));
        assertEquals("unknown alias @north_koreaa; did you mean @north_korea?", e.getMessage());
        assertEquals(14, e.offset());
        QueryException far = assertThrows(QueryException.class, () -> rules.compiler.compile("@belarus"));
        assertEquals("unknown alias @belarus; known aliases: north_korea, russia", far.getMessage());
        QueryException shortName = assertThrows(QueryException.class, () -> rules.compiler.compile("@rusia"));
        assertEquals("unknown alias @rusia; did you mean @russia?", shortName.getMessage());
        QueryException none = assertThrows(QueryException.class, () -> new RuleCompiler(Aliases.NONE).compile("@x"));
        assertEquals("unknown alias @x; no aliases are defined (they live in rules/_aliases.yml)", none.getMessage());
    }

    @Test
    void reportsUnusableAliasEntries() {
        RuleCompiler bad = new RuleCompiler(new Aliases(Map.of(
                "good", List.of("north korea", "pyong*", "\"DPRK\""),
                "empty", List.of(),
                "blank", List.of("russia", " "),
                "short", List.of("ab*"),
                "inner", List.of("kim*jong"),
                "quote", List.of("the \"north\""),
                "nested", List.of("@good"))));
        assertEquals(List.of(
                "alias @blank has an empty entry; remove it from rules/_aliases.yml",
                "alias @empty has no entries; add words to it in rules/_aliases.yml",
                "alias @inner entry \"kim*jong\": only a single word may end in *, as in pyongyang*",
                "alias @nested entry \"@good\": an alias cannot refer to another alias; list the words instead",
                "alias @quote entry \"the \"north\"\": quotes must enclose the whole entry, as in \"north korea\"",
                "alias @short entry \"ab*\": put at least 3 letters before the *"), bad.aliasProblems());
        QueryException e = assertThrows(QueryException.class, () -> bad.compile("troops @short"));
        assertEquals(7, e.offset());
    }

    @Test
    void rejectsAWildcardThatIsNotOneWord() {
        QueryException e = assertThrows(QueryException.class, () -> rules.compiler.compile("troops north-kor*"));
        assertEquals("wildcard north-kor*: the part before * must be a single word, as in deploy*", e.getMessage());
        assertEquals(7, e.offset());
    }

    // ------------------------------------------------------------ highlights and snippets

    @Test
    void highlightsPointAtTheExactTextInTitleAndBody() throws QueryException {
        String title = "North Korean troops deployed";
        String body = "Seoul said on Tuesday that   Pyŏngyang's soldiers\nwere DEPLOYED near Kursk, and more troops followed.";
        Match m = only("(troops OR soldiers) NEAR/3 deploy* OR @north_korea", OneRuleMatcher.doc(title, body));
        List<String> seen = new ArrayList<>();
        for (Highlight h : m.highlights()) {
            String text = h.field().equals("title") ? title : body;
            assertEquals(text.substring(h.start(), h.end()), h.term(), h.toString());
            seen.add(h.field() + ":" + h.term());
        }
        assertEquals(List.of("title:North Korean", "title:troops", "title:deployed",
                "body:Pyŏngyang's", "body:soldiers", "body:DEPLOYED"), seen);
    }

    @Test
    void highlightsPhrasesAsOneSpan() throws QueryException {
        String body = "Officials said North   Korea’s troops left.";
        Match m = only("\"north korea\" troops", OneRuleMatcher.doc("Report", body));
        assertEquals(List.of(
                new Highlight("body", "North   Korea’s", 15, 30),
                new Highlight("body", "troops", 31, 37)), m.highlights());
    }

    @Test
    void snippetIsShortCentredAndCutBetweenWords() throws QueryException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            body.append("filler").append(i).append(i % 7 == 0 ? "  \n\n  " : " ");
        }
        int hitAt = body.length();
        body.append("Russian troops crossed the river.");
        for (int i = 150; i < 300; i++) {
            body.append(" filler").append(i);
        }
        Match m = only("troops", OneRuleMatcher.doc("Report", body.toString()));
        String snippet = m.snippet();
        assertTrue(snippet.startsWith(Snippet.ELLIPSIS) && snippet.endsWith(Snippet.ELLIPSIS), snippet);
        String inner = snippet.substring(1, snippet.length() - 1);
        assertTrue(inner.length() <= 300 && inner.length() >= 280, inner.length() + ": " + inner);
        assertFalse(inner.contains("  ") || inner.contains("\n"), inner);
        assertTrue(inner.startsWith("filler") && inner.matches(".*filler\\d+"), inner);
        int centre = inner.indexOf("troops") + 3;
        assertTrue(Math.abs(centre - inner.length() / 2) < 20, "hit at " + centre + " of " + inner.length());
        assertEquals("troops", body.substring(m.highlights().getFirst().start(), m.highlights().getFirst().end()));
        assertEquals(hitAt + "Russian ".length(), m.highlights().getFirst().start());
    }

    @Test
    void snippetCentresOnTheDensestHits() {
        String text = "troops " + "a ".repeat(200) + "troops near troops near troops " + "b ".repeat(200);
        List<Snippet.Span> hits = new ArrayList<>();
        for (int at = text.indexOf("troops"); at >= 0; at = text.indexOf("troops", at + 1)) {
            hits.add(new Snippet.Span(at, at + 6));
        }
        String snippet = Snippet.around(text, hits, 100);
        assertTrue(snippet.contains("troops near troops near troops"), snippet);
    }

    @Test
    void shortTextIsTheWholeSnippet() {
        assertEquals("Troops moved today.", Snippet.around("  Troops\n\tmoved   today.  ", List.of(new Snippet.Span(2, 8)), 300));
    }

    @Test
    void snippetOfAHitNearTheStartHasNoLeadingEllipsis() {
        String text = "Troops moved " + "and then some more ".repeat(40);
        String snippet = Snippet.around(text, List.of(new Snippet.Span(0, 6)), 100);
        assertTrue(snippet.startsWith("Troops moved"), snippet);
        assertTrue(snippet.endsWith("…") && snippet.length() <= 101, snippet);
    }

    @Test
    void snippetComesFromTheTitleWhenTheBodyIsEmpty() throws QueryException {
        Match m = only("troops", OneRuleMatcher.doc("Troops move", ""));
        assertEquals("Troops move", m.snippet());
    }

    // ------------------------------------------------------------ rule set

    @Test
    void ordersMatchesByScore() throws QueryException {
        rules.matcher.register(Map.of(
                "weak", rules.compiler.compile("kursk"),
                "strong", rules.compiler.compile("troops kursk deploy* @north_korea"),
                "none", rules.compiler.compile("sanctions")));
        List<Match> found = rules.matcher.match(OneRuleMatcher.doc("North Korean troops in Kursk", "Troops deployed to Kursk, Kursk, Kursk."));
        assertEquals(List.of("strong", "weak"), found.stream().map(Match::ruleId).toList());
        assertTrue(found.get(0).score() >= found.get(1).score());
        assertTrue(found.stream().allMatch(m -> m.documentId().equals(found.getFirst().documentId())));
    }

    @Test
    void registeringAnIdAgainReplacesTheRule() throws QueryException {
        Document d = OneRuleMatcher.doc("Report", "Troops moved.");
        rules.matcher.register("r", rules.compiler.compile("sanctions"));
        assertTrue(rules.matcher.match(d).isEmpty());
        rules.matcher.register("r", rules.compiler.compile("troops OR russia"));
        assertEquals(List.of("r"), rules.matcher.match(d).stream().map(Match::ruleId).toList());
        rules.matcher.register("r", rules.compiler.compile("russia"));
        assertTrue(rules.matcher.match(d).isEmpty());
        assertEquals(Set.of("r"), rules.matcher.ruleIds());
        assertEquals(1, rules.matcher.ruleCount());
    }

    @Test
    void removedRulesNoLongerMatch() throws QueryException {
        Document d = OneRuleMatcher.doc("Report", "Troops moved.");
        rules.matcher.register(Map.of("a", rules.compiler.compile("troops"), "b", rules.compiler.compile("moved")));
        assertEquals(Set.of("a", "b"), rules.matcher.ruleIds());
        rules.matcher.remove("a");
        rules.matcher.remove("never-registered");
        assertEquals(Set.of("b"), rules.matcher.ruleIds());
        assertEquals(List.of("b"), rules.matcher.match(d).stream().map(Match::ruleId).toList());
    }

    @Test
    void registersManyRulesAtOnce() throws QueryException {
        Map<String, Query> many = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            many.put("rule-" + i, rules.compiler.compile("word" + i + " NEAR/3 (troops OR @russia) OR \"exact phrase " + i + "\""));
        }
        rules.matcher.register(many);
        assertEquals(3000, rules.matcher.ruleCount());
        assertEquals(6000, rules.matcher.disjunctCount());
        List<Match> found = rules.matcher.match(OneRuleMatcher.doc("Report", "Moscow said word42 and word2424 near troops; exact phrase 7."));
        assertEquals(Set.of("rule-42", "rule-2424", "rule-7"), found.stream().map(Match::ruleId).collect(Collectors.toSet()));
    }

    @Test
    void aRuleThatFailsOnADocumentDoesNotStopTheOthers() throws QueryException {
        StringBuilder body = new StringBuilder("troops ");
        for (int i = 0; i < RuleCompiler.MAX_WILDCARD_EXPANSIONS + 10; i++) {
            body.append("abc").append(i).append(' ');
        }
        rules.matcher.register(Map.of("greedy", rules.compiler.compile("abc* NEAR/3 troops"), "plain", rules.compiler.compile("troops")));
        assertEquals(List.of("plain"), rules.matcher.match(OneRuleMatcher.doc("Report", body.toString())).stream().map(Match::ruleId).toList());
    }

    @Test
    void partsOnlyLuceneCanDecideRunOverAMemoryIndexAndTheRulesMatchAsThroughLuceneAlone() throws QueryException {
        // The wildcard part expands past Lucene's limit: it cannot be decided over the document's own
        // index and runs through Lucene, between parts decided over positions, in the same rules.
        StringBuilder body = new StringBuilder("Troops were deployed to Russia. ");
        for (int i = 0; i < RuleCompiler.MAX_WILDCARD_EXPANSIONS + 10; i++) {
            body.append("abc").append(i).append(' ');
        }
        body.append("More troops were sent to the border by Russia.");
        Document d = OneRuleMatcher.doc("Russian troops deployed", body.toString());
        Map<String, org.apache.lucene.search.Query> rulesById = Map.of(
                "mixed", rules.compiler.compile("troops NEAR/3 deploy* OR abc* NEAR/3 troops OR russia"),
                "positions", rules.compiler.compile("troops OR \"the border\" OR deploy*"));
        rules.matcher.register(rulesById);
        try (RuleMatcher luceneAlone = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, RuleMatcher.DEFAULT_PRESEARCH_FROM_PARTS, false)) {
            luceneAlone.register(rulesById);
            List<Match> expected = luceneAlone.match(d);
            assertTrue(expected.stream().anyMatch(m -> m.ruleId().equals("positions")), expected.toString());
            assertEquals(expected, rules.matcher.match(d));
        }
        Document small = OneRuleMatcher.doc("Russian troops deployed", "Troops were deployed to Russia. abc1 troops.");
        try (RuleMatcher luceneAlone = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, RuleMatcher.DEFAULT_PRESEARCH_FROM_PARTS, false)) {
            luceneAlone.register(rulesById);
            List<Match> expected = luceneAlone.match(small);
            assertEquals(2, expected.size());
            assertEquals(expected, rules.matcher.match(small));
        }
    }

    @Test
    void matchesWhileRulesChange() throws Exception {
        Document d = OneRuleMatcher.doc("North Korean troops", "Troops were deployed to Russia.");
        rules.matcher.register("stable", rules.compiler.compile("troops NEAR/3 deploy*"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        List<Match> found = rules.matcher.match(d);
                        assertTrue(found.stream().anyMatch(m -> m.ruleId().equals("stable")), "stable rule missing");
                    }
                    return null;
                }));
            }
            work.add(pool.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    rules.matcher.register("churn-" + (i % 10), rules.compiler.compile(i % 2 == 0 ? "russia" : "sanctions"));
                    if (i % 3 == 0) {
                        rules.matcher.remove("churn-" + (i % 10));
                    }
                }
                return null;
            }));
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(rules.matcher.ruleIds().contains("stable"));
    }

    @Test
    void rejectsBlankRuleIds() throws QueryException {
        Query q = rules.compiler.compile("troops");
        assertThrows(IllegalArgumentException.class, () -> rules.matcher.register(" ", q));
        assertThrows(IllegalArgumentException.class, () -> rules.matcher.remove(null));
    }
}
