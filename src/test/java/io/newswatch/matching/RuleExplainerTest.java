package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.newswatch.document.Document;
import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleExplainerTest {
    private static final Aliases ALIASES = new Aliases(Map.of(
            "troops", List.of("troops*", "soldiers*"),
            "deploy", List.of("deploy", "sent")));
    private static final String RULE = "(@troops NEAR/8 @deploy OR \"peacekeeping mission\" OR sanctions BEFORE/3 russia) AND NOT exercise*";

    private final RuleExplainer explainer = new RuleExplainer(new RuleCompiler(ALIASES));

    private static Document doc(String title, String body) {
        return new Document("doc-" + Integer.toHexString((title + body).hashCode()), "test", "test.txt", title, body,
                Instant.EPOCH, "en", Instant.EPOCH, List.of(), List.of());
    }

    private static List<String> words(RuleExplainer.FiredPart part) {
        return part.words().stream().map(Highlight::term).toList();
    }

    @Test
    void namesTheAlternativeThatFiredWithItsWords() throws Exception {
        List<RuleExplainer.FiredPart> fired = explainer.explain(RULE,
                doc("Border tension", "The ministry said 300 troops were deployed to the border on Monday."));

        assertEquals(1, fired.size());
        assertEquals("@troops NEAR/8 @deploy", fired.getFirst().part());
        assertEquals(List.of("troops", "deployed"), words(fired.getFirst()));
    }

    @Test
    void listsEveryAlternativeThatFiredInRuleOrder() throws Exception {
        List<RuleExplainer.FiredPart> fired = explainer.explain(RULE,
                doc("New sanctions on Russia", "Soldiers were sent as part of a peacekeeping mission."));

        assertEquals(List.of("@troops NEAR/8 @deploy", "\"peacekeeping mission\"", "sanctions BEFORE/3 russia"),
                fired.stream().map(RuleExplainer.FiredPart::part).toList());
        assertEquals(List.of("Soldiers", "sent"), words(fired.getFirst()));
    }

    @Test
    void keepsTheRulesExclusionsOnEveryAlternative() throws Exception {
        assertEquals(List.of(), explainer.explain(RULE, doc("Drill", "Troops were deployed for a joint exercise.")));
    }

    @Test
    void explainsARuleWithoutAnOr() throws Exception {
        List<RuleExplainer.FiredPart> fired = explainer.explain("title:(troops NEAR/3 border) AND \"north korea\"",
                doc("Troops at the border", "North Korea moved units."));

        assertEquals(1, fired.size());
        assertEquals("title:(troops NEAR/3 border) AND \"north korea\"", fired.getFirst().part());
    }

    @Test
    void rendersNestedOperatorsWithTheParenthesesTheyNeed() throws Exception {
        assertEquals("(a OR b) NEAR/5 (c BEFORE/2 d)", RuleExplainer.text(QueryParser.parse("(a OR b) NEAR/5 (c BEFORE/2 d)")));
        assertEquals("x AND (a OR b) AND NOT c", RuleExplainer.text(QueryParser.parse("x (a OR b) NOT c")));
    }
}
