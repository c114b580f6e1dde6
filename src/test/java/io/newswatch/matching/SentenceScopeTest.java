package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** NEAR/S and BEFORE/S on real sentences: the sentence boundary in the document fields and what it does to matching. */
class SentenceScopeTest {
    private static final Aliases ALIASES = new Aliases(Map.of(
            "treaty", List.of("treaty", "pact", "\"accord\"", "protocol*"),
            "state", List.of("russia", "germany", "united states", "\"US\"")));

    private final OneRuleMatcher rules = new OneRuleMatcher(ALIASES);

    @AfterEach
    void close() {
        rules.close();
    }

    // ------------------------------------------------------------ matching

    @Test
    void nearSentenceMatchesBothSidesInOneSentenceInEitherOrder() throws QueryException {
        assertTrue(rules.matches("treaty NEAR/S russia", "Russia signed the treaty on Monday."));
        assertTrue(rules.matches("treaty NEAR/S russia", "The treaty, after years of talks in many capitals, was signed by Russia."));
        assertTrue(rules.matches("@treaty NEAR/S @state", "The Kyoto protocol was ratified by the United States."));
    }

    @Test
    void nearSentenceDoesNotMatchAcrossASentenceEnd() throws QueryException {
        String body = "Officials discussed the treaty. Russia said nothing about it.";
        assertFalse(rules.matches("treaty NEAR/S russia", body));
        assertTrue(rules.matches("treaty NEAR/2 russia", body), "plain NEAR still crosses the sentence end");
        assertFalse(rules.matches("@treaty NEAR/S @state", "They talked about a pact! Germany left early?"));
    }

    @Test
    void beforeSentenceKeepsTheOrderWithinOneSentence() throws QueryException {
        assertTrue(rules.matches("russia BEFORE/S treaty", "Russia on Friday ratified the treaty."));
        assertFalse(rules.matches("treaty BEFORE/S russia", "Russia on Friday ratified the treaty."));
        assertFalse(rules.matches("russia BEFORE/S treaty", "Russia objected. The treaty was signed anyway."));
    }

    @Test
    void aBoundedSentenceScopeAlsoCountsWords() throws QueryException {
        String body = "Russia on Friday finally and formally ratified the treaty.";
        assertTrue(rules.matches("russia NEAR/7S treaty", body));
        assertFalse(rules.matches("russia NEAR/6S treaty", body));
        assertTrue(rules.matches("russia BEFORE/7S treaty", body));
        assertFalse(rules.matches("russia NEAR/20S treaty", "Russia objected. The treaty was signed anyway."));
    }

    @Test
    void abbreviationsInitialsAndDecimalsDoNotEndTheSentence() throws QueryException {
        assertTrue(rules.matches("treaty NEAR/S russia", "The treaty was signed by U.S. Secretary Kerry and Russia on Jan. 5."));
        assertTrue(rules.matches("treaty NEAR/S russia", "The treaty signed by Gen. Smith and John F. Kennedy bound Russia."));
        assertTrue(rules.matches("treaty NEAR/S russia", "The treaty cut arms by 3.5 percent in Russia."));
    }

    @Test
    void titleAndBodyAreSeparateSentencesEvenWithoutAFinalPeriod() throws QueryException {
        assertFalse(rules.matches("treaty NEAR/S russia", "Arms control treaty", "Russia said on Monday it would not comment."));
        assertTrue(rules.matches("treaty NEAR/S russia", "Russia signs arms treaty", "Nothing else."));
        assertTrue(rules.matches("title:(treaty NEAR/S russia)", "Russia signs arms treaty", "Nothing else."));
    }

    @Test
    void sidesMayBeGroupsAndProximityMayNest() throws QueryException {
        String body = "Russian troops stayed. Germany and Russia signed the new arms treaty on Friday.";
        assertTrue(rules.matches("(germany NEAR/3 russia) NEAR/S (treaty OR pact)", body));
        assertTrue(rules.matches("(russia NEAR/S treaty) NEAR/2 friday", body));
        assertFalse(rules.matches("(troops NEAR/S russian) NEAR/S treaty", body));
    }

    @Test
    void theSidesMustBeDifferentWords() throws QueryException {
        assertFalse(rules.matches("treat* NEAR/S treaty", "The treaty was signed."));
        assertTrue(rules.matches("treat* NEAR/S treaty", "The treaty treats arms."));
    }

    @Test
    void theMatcherAddsSentenceMarksOnceARuleNeedsThem() throws QueryException {
        assertFalse(RuleMatcher.readsSentences(rules.compiler.compile("treaty NEAR/5 russia OR pact")));
        assertTrue(RuleMatcher.readsSentences(rules.compiler.compile("pact OR (treaty NEAR/S russia)")));
        assertTrue(RuleMatcher.readsSentences(rules.compiler.compile("pact NOT (treaty BEFORE/3S russia)")));
        String body = "Officials discussed the treaty. Russia said nothing about it.";
        assertTrue(rules.matches("treaty NEAR/5 russia", body));
        rules.matcher.register("sentence", rules.compiler.compile("treaty NEAR/S (russia OR officials)"));
        List<String> fired = rules.matcher.match(OneRuleMatcher.doc("Report", body)).stream().map(Match::ruleId).sorted().toList();
        assertEquals(List.of("rule", "sentence"), fired);
        assertEquals(List.of("rule"), rules.matcher.match(OneRuleMatcher.doc("Report", "The treaty. Russia agreed.")).stream().map(Match::ruleId).toList());
    }

    // ------------------------------------------------------------ other operators are unchanged

    @Test
    void otherOperatorsStillReachAcrossASentenceEndAsBefore() throws QueryException {
        // Sentence ends are marked in a field of their own: word positions, phrases and NEAR/n distances stay as they were.
        assertTrue(rules.matches("\"treaty russia\"", "They signed the treaty. Russia agreed."));
        assertTrue(rules.matches("\"korean troops\"", "Seoul watches North Korean", "Troops massed at the border."));
        assertTrue(rules.matches("treaty BEFORE/1 agreed", "The treaty. Russia agreed."));
        assertFalse(rules.matches("treaty BEFORE/1 agreed", "The treaty. Russia then agreed."));
    }

    // ------------------------------------------------------------ highlights

    @Test
    void highlightsPointAtTheWordsOfTheMatchingSentenceOnly() throws QueryException {
        String body = "Officials discussed the treaty. Later Russia signed the pact in Vienna.";
        rules.matcher.register("rule", rules.compiler.compile("@treaty NEAR/S russia"));
        Match match = rules.matcher.match(OneRuleMatcher.doc("Report", body)).getFirst();
        List<String> words = new ArrayList<>();
        for (Highlight h : match.highlights()) {
            assertEquals(body.substring(h.start(), h.end()), h.term(), h.toString());
            words.add(h.term());
        }
        assertEquals(List.of("Russia", "pact"), words);
    }

    @Test
    void explanationsWriteTheOperatorAsTheRuleDoes() throws QueryException {
        assertEquals("(treaty OR pact) NEAR/10S russia",
                RuleExplainer.text(io.newswatch.rules.query.QueryParser.parse("(treaty OR pact) NEAR/10S russia")));
        assertEquals("(a NEAR/S b) BEFORE/S c", RuleExplainer.text(io.newswatch.rules.query.QueryParser.parse("a NEAR/S b BEFORE/S c")));
    }

    // ------------------------------------------------------------ analysis

    private static List<NewsAnalyzerTest.Token> tokens(org.apache.lucene.analysis.Analyzer analyzer, String field, String text)
            throws IOException {
        return NewsAnalyzerTest.tokens(analyzer, field, text);
    }

    @Test
    void theSentencesFieldMarksTheFirstAndLastWordOfEachSentenceWithItsParity() throws IOException {
        String text = "Treaty signed\n\nRussia agreed. Yes. Germany did too.";
        assertEquals(List.of(new NewsAnalyzerTest.Token("even", 0, 0, 6), new NewsAnalyzerTest.Token("even", 1, 7, 13), new NewsAnalyzerTest.Token("odd", 2, 15, 21),
                        new NewsAnalyzerTest.Token("odd", 3, 22, 28), new NewsAnalyzerTest.Token("even", 4, 30, 33), new NewsAnalyzerTest.Token("odd", 5, 35, 42),
                        new NewsAnalyzerTest.Token("odd", 7, 47, 50)),
                tokens(NewsAnalyzer.perField(), Fields.SENTENCES, text));
        List<NewsAnalyzerTest.Token> words = tokens(NewsAnalyzer.perField(), Fields.TEXT, text);
        assertEquals(List.of("treati", "sign", "russia", "agre", "ye", "germani", "did", "too"),
                words.stream().map(NewsAnalyzerTest.Token::term).toList(), "the word fields are as they were");
        assertEquals(new NewsAnalyzerTest.Token("germani", 5, 35, 42), words.get(5));
        // Reusing the analyzer for the next document starts afresh.
        assertEquals(List.of(new NewsAnalyzerTest.Token("even", 0, 0, 4), new NewsAnalyzerTest.Token("even", 3, 18, 22)),
                tokens(NewsAnalyzer.perField(), Fields.SENTENCES, "Only one sentence here."));
        assertEquals(List.of(new NewsAnalyzerTest.Token("even", 0, 0, 3), new NewsAnalyzerTest.Token("odd", 1, 5, 8)),
                tokens(NewsAnalyzer.perField(), Fields.SENTENCES, "One. Two"));
    }
}
