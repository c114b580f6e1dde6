package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import io.newswatch.rules.query.QueryParser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code NOT/S}: an exclusion that vetoes only the matches lying in a sentence that holds it, so a
 * text still matches through another sentence; the same answer from the matcher's position
 * evaluation, from Lucene alone and from a many-document index (the archive's path).
 */
class SentenceVetoTest {
    private static final Aliases ALIASES = new Aliases(Map.of(
            "treaty", List.of("treaty", "pact", "\"accord\"", "protocol*"),
            "act", List.of("signed", "ratified", "withdrew"),
            "intent", List.of("vow*", "pledg*", "threaten*")));

    private static final String RULE = "(@treaty NEAR/8S @act) NOT/S (@intent BEFORE/3 (sign OR withdraw OR ratify))";

    private final OneRuleMatcher rules = new OneRuleMatcher(ALIASES);

    @AfterEach
    void close() {
        rules.close();
    }

    @Test
    void aVetoDropsTheMatchInItsOwnSentenceOnly() throws QueryException {
        String both = "Trump vowed to withdraw from the Paris pact he said was signed in haste. "
                + "Russia ratified the Kyoto Protocol on Friday.";
        String vowOnly = "Trump vowed to withdraw from the Paris pact he said was signed in haste. Markets were calm.";
        assertTrue(rules.matches(RULE, both), "the second sentence reports an act");
        assertFalse(rules.matches(RULE, vowOnly), "the one act sits in the vow's sentence");
        String wholeText = "(@treaty NEAR/8S @act) NOT (@intent BEFORE/3 (sign OR withdraw OR ratify))";
        assertFalse(rules.matches(wholeText, both), "a plain NOT drops the whole text");
    }

    @Test
    void aVetoInAnotherSentenceDoesNothing() throws QueryException {
        assertTrue(rules.matches(RULE, "Russia ratified the treaty. Critics vowed to sign a petition against it."));
        assertTrue(rules.matches(RULE, "Russia ratified the treaty", "Critics vowed to sign a petition."), "the title is a sentence of its own");
    }

    @Test
    void itAppliesToEveryAlternativeAndNestedGroupBesideIt() throws QueryException {
        String rule = "((@treaty NEAR/8S @act) OR (joined BEFORE/3S nato) OR ((accession NEAR/5 protocol) NOT opposed)) "
                + "NOT/S (vow* OR pledg*)";
        assertFalse(rules.matches(rule, "Montenegro vowed it joined NATO in spirit."));
        assertTrue(rules.matches(rule, "Montenegro joined NATO. It vowed to spend more."));
        assertFalse(rules.matches(rule, "The pact was signed, Kiev pledged."));
        assertFalse(rules.matches(rule, "They pledged the accession protocol would pass."));
        assertFalse(rules.matches(rule, "Parliament passed the accession protocol. Nobody opposed it."), "the plain NOT still excludes the text");
        assertTrue(rules.matches(rule, "Parliament passed the accession protocol. Nobody pledged anything."));
    }

    @Test
    void aMatchReachingAcrossTwoSentencesLiesInNoneAndIsKept() throws QueryException {
        String body = "Lawmakers vowed support for the treaty. It was ratified on Friday.";
        assertTrue(rules.matches("(treaty NEAR/8 ratified) NOT/S vow*", body));
        assertFalse(rules.matches("(treaty NEAR/8S ratified) NOT/S vow*", body), "no pair in one sentence");
        assertFalse(rules.matches("(support NEAR/3 treaty) NOT/S vow*", body));
    }

    @Test
    void severalVetoesAndVetoesOfNestedAndsAddUp() throws QueryException {
        String rule = "(((@treaty NEAR/8S @act) NOT/S hypothetical*) OR (joined BEFORE/3S nato)) NOT/S (if BEFORE/3 tehran)";
        assertFalse(rules.matches(rule, "A hypothetical pact was signed."));
        assertFalse(rules.matches(rule, "If Tehran signed the pact, talks would end."));
        assertTrue(rules.matches(rule, "If Tehran objects, so be it. Georgia joined NATO."));
        assertFalse(rules.matches(rule, "If Tehran objects, Georgia joined NATO."));
    }

    @Test
    void explanationsShowTheVetoAsWritten() throws QueryException {
        assertEquals("a NEAR/8S b AND NOT/S (vow* BEFORE/3 sign)",
                RuleExplainer.text(QueryParser.parse("(a NEAR/8S b) NOT/S (vow* BEFORE/3 sign)")));
        RuleExplainer explainer = new RuleExplainer(rules.compiler);
        List<RuleExplainer.FiredPart> fired = explainer.explain("(pact NEAR/5 signed OR treaty NEAR/5 ratified) NOT/S vow*",
                OneRuleMatcher.doc("A report", "They vowed the pact was signed. The treaty was ratified."));
        assertEquals(List.of("treaty NEAR/5 ratified"), fired.stream().map(RuleExplainer.FiredPart::part).toList());
    }

    @Test
    void theMatcherLuceneAloneAndAnIndexOfManyDocumentsAgree() throws Exception {
        List<Document> documents = List.of(
                OneRuleMatcher.doc("Paris pact", "Trump vowed to withdraw from the Paris pact he said was signed in haste."),
                OneRuleMatcher.doc("Kyoto", "Trump vowed to withdraw from the pact signed in Paris. Russia ratified the Kyoto Protocol."),
                OneRuleMatcher.doc("Treaty signed", "Nothing else happened."),
                OneRuleMatcher.doc("Vow", "Leaders pledged to sign. The accord was signed and ratified by all, and the pact was signed too."),
                OneRuleMatcher.doc("One", "Signed. Pact. They threatened to ratify the treaty that was signed."),
                OneRuleMatcher.doc("Gen. Smith signed", "Gen. Smith signed the U.S. pact. He vowed to sign more."));
        Query rule = rules.compiler.compile(RULE);
        Map<String, Double> planned = perDocument(rule, documents, true);
        Map<String, Double> lucene = perDocument(new RuleCompiler(ALIASES, false).compile(RULE), documents, false);
        assertEquals(List.of(documents.get(1).id(), documents.get(2).id(), documents.get(3).id(), documents.get(5).id()).stream().sorted().toList(),
                List.copyOf(planned.keySet()));
        assertEquals(lucene, planned, "scores to the bit");
        assertEquals(List.copyOf(planned.keySet()), CompiledRuleOnAnIndexTest.fromIndex(rule, documents));
    }

    /** Matched documents' ids and scores, one document at a time, evaluated over positions or by Lucene. */
    private static Map<String, Double> perDocument(Query rule, List<Document> documents, boolean partChecks) {
        Map<String, Double> matched = new TreeMap<>();
        try (RuleMatcher matcher = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, RuleMatcher.DEFAULT_PRESEARCH_FROM_PARTS, partChecks)) {
            matcher.register("rule", rule);
            for (Document document : documents) {
                for (Match match : matcher.match(document)) {
                    matched.put(document.id(), match.score());
                }
            }
        }
        return matched;
    }
}
