package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.broker.Topics;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleWorkbenchTest {
    @TempDir Path rulesDir;

    RuleWorkbench workbench() {
        RuleCompiler compiler = new RuleCompiler(new RuleLoader().load(Path.of("rules")).aliases());
        return new RuleWorkbench(() -> compiler, rulesDir, Topics.DEFAULTS);
    }

    static final String GOOD = """
            id: border-troops
            title: Troops at a border
            description: troops massed at a border
            severity: high
            query: troops NEAR/5 border
            examples:
              match:
                - Troops were massed near the border on Monday.
              no_match:
                - The border reopened to tourists.
            """;

    @Test
    void aGoodRuleLoadsUnderTheFileNameOfItsId() {
        RuleWorkbench.Check check = workbench().check(GOOD);
        assertTrue(check.ok(), check.problems().toString());
        assertEquals("border-troops.yml", check.fileName());
        assertEquals("border-troops", check.rule().orElseThrow().id());
    }

    @Test
    void aQuerySyntaxErrorIsReportedAtItsLineAndColumn() {
        RuleWorkbench.Check check = workbench().check(GOOD.replace("query: troops NEAR/5 border", "query: troops AND (border"));
        assertFalse(check.ok());
        assertTrue(check.rule().isEmpty());
        RuleWorkbench.Problem problem = check.problems().getFirst();
        assertEquals(5, problem.line(), problem.text());
        assertTrue(problem.column() > "query: ".length(), problem.text());
        assertTrue(problem.text().startsWith("border-troops.yml:5:" + problem.column() + ": "), problem.text());
    }

    @Test
    void aFailingExampleIsAProblemAsCheckRulesCountsIt() {
        RuleWorkbench.Check check = workbench().check(GOOD.replace("The border reopened to tourists.", "Troops crossed the border."));
        assertFalse(check.ok());
        assertTrue(check.rule().isPresent(), "it loads; only its example fails");
        assertTrue(check.problems().getFirst().message().contains("should not match"), check.problems().toString());
    }

    @Test
    void anUnknownRecipientAndAReservedTopicAreProblems() throws IOException {
        Files.writeString(rulesDir.resolve("_recipients.yml"), """
                recipients:
                  desk:
                    email: desk@example.org
                """);
        RuleWorkbench.Check check = workbench().check(GOOD + "notify: [nobody]\n");
        assertFalse(check.ok());
        String all = check.problems().toString();
        assertTrue(all.contains("unknown recipient \"nobody\""), all);
        RuleWorkbench.Check reserved = workbench().check(GOOD + "topic: newswatch.alerts\n");
        assertTrue(reserved.problems().getFirst().text().startsWith("border-troops.yml:11:8: topic \"newswatch.alerts\" is reserved"),
                reserved.problems().toString());
    }

    @Test
    void brokenYamlEmptyAndOversizedDraftsAreReportedNotThrown() {
        assertFalse(workbench().check("id: [unclosed").ok());
        assertFalse(workbench().check("").ok());
        assertFalse(workbench().check(null).ok());
        RuleWorkbench.Check big = workbench().check("x".repeat(RuleWorkbench.MAX_BYTES + 1));
        assertTrue(big.problems().getFirst().message().contains("larger than"), big.problems().toString());
    }

    @Test
    void aDraftWithoutAPlainIdIsCheckedAsDraftYml() {
        RuleWorkbench.Check check = workbench().check(GOOD.replace("id: border-troops", "id: Border Troops!"));
        assertEquals("draft.yml", check.fileName());
        assertFalse(check.ok());
    }
}
