package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.newswatch.document.Document;
import io.newswatch.rules.Aliases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;

/**
 * Registering many rules at once walks each shared sub-expression (alias group, wildcard,
 * repeated {@code NEAR}) once where it can; that must decide exactly as registering the rules one
 * by one does, in particular whether documents need their sentence marks.
 */
class BatchRegistrationTest {
    private static final Aliases ALIASES = new Aliases(Map.of(
            "treaty", List.of("treaty", "pact", "\"accord\"", "protocol*"),
            "state", List.of("russia", "germany", "united states", "\"US\"")));

    private static final String ACROSS = "Officials discussed the treaty. Russia said nothing about it.";
    private static final String WITHIN = "Russia signed the treaty on Monday. Nothing else happened.";

    @Test
    void aSentenceScopeInsideASharedSubExpressionTurnsSentenceMarksOnInOneBatch() throws Exception {
        // The plain NEAR/3 comes first and is shared with the second rule; the sentence scope is only in later parts.
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("plain", "@treaty NEAR/3 @state");
        rules.put("mixed", "(@treaty NEAR/3 @state) OR (@treaty NEAR/S @state)");
        rules.put("scoped", "zebra OR (@treaty NEAR/S @state)");
        rules.put("again", "(@treaty NEAR/S @state) OR okapi");
        assertSameAsOneByOne(rules);
    }

    @Test
    void ruleSetsWithoutSentenceScopeMatchTheSameInOneBatch() throws Exception {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("a", "@treaty NEAR/10 @state");
        rules.put("b", "(@treaty NEAR/10 @state) OR discussed");
        rules.put("c", "russia BEFORE/6 (@treaty OR nothing)");
        assertSameAsOneByOne(rules);
    }

    private static void assertSameAsOneByOne(Map<String, String> texts) throws Exception {
        RuleCompiler compiler = new RuleCompiler(ALIASES);
        Map<String, Query> queries = new LinkedHashMap<>();
        for (Map.Entry<String, String> rule : texts.entrySet()) {
            queries.put(rule.getKey(), compiler.compile(rule.getValue()));
        }
        try (RuleMatcher batch = new RuleMatcher(); RuleMatcher oneByOne = new RuleMatcher()) {
            batch.register(queries);
            queries.forEach(oneByOne::register);
            for (String body : List.of(ACROSS, WITHIN)) {
                Document document = OneRuleMatcher.doc("A report", body);
                List<Match> expected = oneByOne.match(document);
                assertEquals(expected, batch.match(document), body);
            }
            // Every rule matches the sentence that holds both sides (a check that the texts test something).
            assertEquals(texts.size(), batch.match(OneRuleMatcher.doc("A report", WITHIN)).size());
        }
    }
}
