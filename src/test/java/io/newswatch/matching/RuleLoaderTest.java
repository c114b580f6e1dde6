package io.newswatch.matching;

import io.newswatch.rules.Severity;

import io.newswatch.config.FileProblem;

import io.newswatch.rules.Rule;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
    @TempDir Path dir;

    static final String GOOD = """
            id: good
            title: Good rule
            severity: medium
            query: troops NEAR/5 deploy*
            examples:
              match:
                - Troops were deployed on Monday.
              no_match:
                - The software deployment went well.
            """;

    @BeforeEach
    void goodRuleAndAliases() throws Exception {
        Files.writeString(dir.resolve("good.yml"), GOOD);
        Files.writeString(dir.resolve("_aliases.yml"), "north_korea: [\"north korea\", dprk, pyongyang]\n");
    }

    RuleSet load() {
        return new RuleLoader().load(dir);
    }

    /** The only problem reported, with the good rule still loaded beside it. */
    FileProblem onlyProblem(String file, String content) throws Exception {
        Files.writeString(dir.resolve(file), content);
        RuleSet set = load();
        assertTrue(set.rules().stream().anyMatch(r -> r.id().equals("good")), "the good rule still loads");
        assertEquals(1, set.problems().size(), set.problems().toString());
        FileProblem problem = set.problems().get(0);
        assertEquals(dir.resolve(file), problem.file());
        return problem;
    }

    static void assertAt(FileProblem problem, int line, int column, String words) {
        assertEquals(line + ":" + column, problem.line() + ":" + problem.column(), problem.toString());
        assertTrue(problem.message().contains(words), problem.toString());
    }

    @Test
    void loadsAGoodRuleWithDefaultsAndExamples() {
        RuleSet set = load();
        assertEquals(List.of(), set.problems());
        Rule rule = set.rules().get(0).rule();
        assertEquals("good", rule.id());
        assertEquals(Severity.MEDIUM, rule.severity());
        assertEquals("newswatch.alerts.good", rule.topic());
        assertEquals(List.of(), rule.recipients());
        assertEquals(List.of("Troops were deployed on Monday."), rule.matchExamples());
        assertEquals(List.of("The software deployment went well."), rule.noMatchExamples());
        assertEquals(List.of("north korea", "dprk", "pyongyang"), set.aliases().get("north_korea").orElseThrow());
    }

    @Test
    void reportsYamlSyntaxErrorsWithLineAndColumn() throws Exception {
        assertAt(onlyProblem("bad.yml", "id: bad\ntitle: [unclosed\nseverity: low\n"), 3, 9, "YAML syntax error");
    }

    @Test
    void reportsUnknownFieldsWithASuggestion() throws Exception {
        FileProblem problem = onlyProblem("typo.yml", "id: typo\ntitle: T\nserverity: low\nseverity: low\nquery: war\n");
        assertAt(problem, 3, 1, "unknown field \"serverity\"");
        assertTrue(problem.message().contains("did you mean \"severity\""), problem.message());
    }

    @Test
    void reportsAnUnknownAliasWhereItIsWritten() throws Exception {
        assertAt(onlyProblem("alias.yml", "id: alias\ntitle: T\nseverity: low\nquery: troops AND @north_koreaa\n"), 4, 19, "@north_koreaa");
    }

    @Test
    void reportsAnUnbalancedParenthesis() throws Exception {
        FileProblem problem = onlyProblem("paren.yml", "id: paren\ntitle: T\nseverity: low\nquery: (troops OR soldiers\n");
        assertAt(problem, 4, 8, "(");
        assertEquals(dir.resolve("paren.yml") + ":4:8: unbalanced parenthesis: this \"(\" is never closed; add a \")\" where the group ends",
                problem.toString(), "the file's line and column only, no second column counted inside the query");
    }

    @Test
    void reportsNearZeroAndNearWithoutANumber() throws Exception {
        assertAt(onlyProblem("near0.yml", "id: near0\ntitle: T\nseverity: low\nquery: troops NEAR/0 border\n"), 4, 15, "NEAR");
        Files.delete(dir.resolve("near0.yml"));
        assertAt(onlyProblem("nearx.yml", "id: nearx\ntitle: T\nseverity: low\nquery: \"troops NEAR/x border\"\n"), 4, 16, "NEAR");
    }

    @Test
    void mapsErrorsInsideABlockQueryToTheirLine() throws Exception {
        FileProblem problem = onlyProblem("block.yml", """
                id: block
                title: Block
                severity: low
                query: |
                  (troops OR soldiers)
                    NEAR/0 border
                """);
        assertEquals(6, problem.line(), problem.toString());
        assertEquals(5, problem.column(), problem.toString());
    }

    @Test
    void reportsEmptyAndBinaryFiles() throws Exception {
        assertAt(onlyProblem("empty.yml", "  \n# nothing\n"), 1, 1, "empty");
        Files.delete(dir.resolve("empty.yml"));
        Files.write(dir.resolve("binary.yml"), new byte[] {'i', 'd', ':', 0, 1, 2});
        RuleSet set = load();
        assertEquals(1, set.problems().size());
        assertTrue(set.problems().get(0).message().contains("binary"), set.problems().toString());
    }

    @Test
    void reportsMissingFieldsBadSeverityAndAnIdThatDoesNotMatchTheFile() throws Exception {
        Files.writeString(dir.resolve("wrong.yml"), "id: other\nseverity: urgent\nquery: war\n");
        RuleSet set = load();
        List<String> messages = set.problems().stream().map(FileProblem::message).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains("missing required field \"title\"")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("unknown severity \"urgent\"")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("does not match the file name")), messages.toString());
        assertEquals(1, set.rules().size());
    }

    @Test
    void reportsDuplicateKeys() throws Exception {
        assertAt(onlyProblem("dup.yml", "id: dup\ntitle: T\ntitle: U\nseverity: low\nquery: war\n"), 3, 1, "duplicate key");
    }

    @Test
    void refusesReservedTopics() throws Exception {
        assertAt(onlyProblem("reserved.yml", "id: reserved\ntitle: T\nseverity: low\nquery: war\ntopic: newswatch.alerts\n"), 5, 8, "reserved");
    }

    @Test
    void unknownRecipientsAreErrorsWhenRecipientsAreKnown() throws Exception {
        Files.writeString(dir.resolve("notify.yml"), "id: notify\ntitle: T\nseverity: low\nquery: war\nnotify: [ops, nobody]\n");
        RuleSet set = new RuleLoader(Optional.of(Set.of("ops"))).load(dir);
        assertEquals(1, set.problems().size(), set.problems().toString());
        assertAt(set.problems().get(0), 5, 15, "unknown recipient \"nobody\"");
    }

    @Test
    void badAliasGroupsAreReportedAndTheOthersStillWork() throws Exception {
        Files.writeString(dir.resolve("_aliases.yml"), "north_korea: [\"north korea\", dprk]\n\"bad name\": [x]\nempty: []\n");
        RuleSet set = load();
        assertEquals(2, set.problems().size(), set.problems().toString());
        assertTrue(set.aliases().get("north_korea").isPresent());
    }

    @Test
    void ignoresFilesThatAreNotRules() throws Exception {
        Files.writeString(dir.resolve("README.md"), "# rules\n");
        Files.writeString(dir.resolve(".good.yml.swp"), "junk");
        Files.writeString(dir.resolve("_recipients.yml"), "recipients: {}\n");
        assertEquals(List.of(), load().problems());
    }

    @Test
    void aMissingRulesDirectoryIsOneClearProblem() {
        RuleSet set = new RuleLoader().load(dir.resolve("nope"));
        assertEquals(1, set.problems().size());
        assertTrue(set.problems().get(0).message().contains("does not exist"));
    }

    @Test
    void rejectsAQueryTooBigForLuceneInsteadOfLettingItNeverMatch() throws Exception {
        // 1,100 words written out are refused by the parser's own limit (QueryParserLimitsTest); an
        // alias group of 1,100 entries is what reaches Lucene's clause limit
        StringBuilder many = new StringBuilder("big:\n");
        for (int i = 0; i < 1100; i++) {
            many.append("  - word").append(i).append("\n");
        }
        Files.writeString(dir.resolve("_aliases.yml"), many.toString());
        Files.writeString(dir.resolve("huge.yml"), "id: huge\ntitle: T\nseverity: low\nquery: troops AND @big\n");
        RuleSet set = load();
        assertEquals(1, set.problems().size(), set.problems().toString());
        assertAt(set.problems().get(0), 4, 8, "too big");
    }
}
