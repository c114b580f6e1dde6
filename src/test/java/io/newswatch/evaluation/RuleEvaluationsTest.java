package io.newswatch.evaluation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.matching.RuleScore;
import io.newswatch.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's background evaluation, with a real rules registry on files written by each test. */
class RuleEvaluationsTest {
    @TempDir
    Path dir;

    private RuleRegistry registry;
    private RuleEvaluations evaluations;
    private Path labels;

    @BeforeEach
    void setUp() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        rule("troop NEAR/5 (sent OR deployed)");
        doc("a.txt", "Army sends troops\n\nThe government sent 2,000 troops to the border.\n");
        doc("b.txt", "More troops\n\nTroops were deployed to the capital on Monday.\n");
        doc("c.txt", "Troops return home after parade\n\nThe troops were sent home after the parade, officials said.\n");
        doc("d.txt", "US marines land on disputed island\n\nMarines landed on the island at dawn.\n");
        labels = dir.resolve("corpus/labels.tsv");
        Files.writeString(labels, """
                docs/a.txt\ttroops\tyes
                docs/b.txt\ttroops\tyes
                docs/c.txt\ttroops\tno\tsent home
                docs/d.txt\ttroops\tyes\tmarines landed abroad
                docs/z.txt\ttroops\tno
                docs/a.txt\tunknown-rule\tyes
                """);
        registry = new RuleRegistry(rules, new RuleLoader(), rule -> {});
        registry.reload();
        evaluations = new RuleEvaluations(new RuleEvaluations.Settings(labels, null, EvaluationSplit.ALL),
                new RuleEvaluations.RulesInForce(registry::version,
                        () -> registry.activeRules().stream().map(Rule::id).collect(Collectors.toSet()), registry::match),
                new DocumentFileReader(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        evaluations.close();
        registry.close();
    }

    private void rule(String query) throws Exception {
        Path file = dir.resolve("rules/troops.yml");
        Files.writeString(file, "id: troops\ntitle: Troops sent\nseverity: high\nquery: " + query + "\n");
        file.toFile().setLastModified(System.currentTimeMillis() + (long) (Math.random() * 100_000)); // a new stamp even within the same millisecond
    }

    private void doc(String name, String text) throws Exception {
        Path file = dir.resolve("corpus/docs").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private RuleEvaluations.Status settled() {
        await().atMost(Duration.ofSeconds(30)).until(() -> evaluations.status().map(s -> !s.running()).orElse(false));
        return evaluations.status().orElseThrow();
    }

    @Test
    void theRulesInForceAreScoredWithTheirFalseAlarmsAndMissesAndTheLabelProblemsNamed() {
        evaluations.refresh();
        RuleEvaluations.Status status = settled();
        assertNull(status.error());
        assertTrue(status.current());
        RuleScore score = status.report().score("troops").orElseThrow();
        assertEquals(List.of(2, 1, 1), List.of(score.truePositives(), score.falsePositives(), score.falseNegatives()));
        assertEquals(0.667, EvaluationReport.rounded(score.precision()), 0.001);
        assertEquals(List.of("troops", "sent"), score.falsePositiveDocuments().getFirst().words());
        assertEquals("US marines land on disputed island", score.falseNegativeDocuments().getFirst().title());
        List<String> problems = status.report().problems();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(labels + ":5: document") && p.contains("z.txt")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(labels + ":6: no rule \"unknown-rule\" was loaded from the rules in force")),
                problems.toString());
    }

    @Test
    void aChangedRuleIsEvaluatedAgainAndAnUnchangedOneIsNot() throws Exception {
        evaluations.refresh();
        RuleEvaluations.Status first = settled();
        evaluations.refresh(); // nothing changed: no new run
        assertEquals(first.reportTime(), settled().reportTime());

        rule("(troop NEAR/5 (sent OR deployed)) OR marines");
        registry.reload();
        assertFalse(evaluations.status().orElseThrow().current(), "the figures are of the previous version until the new run ends");
        evaluations.refresh();
        RuleEvaluations.Status second = settled();
        assertTrue(second.current());
        assertEquals(3, second.report().score("troops").orElseThrow().truePositives());
        assertEquals(0, second.report().score("troops").orElseThrow().falseNegatives());
    }

    @Test
    void aLabelsFileThatGoesMissingIsReportedAndTheLastResultKept() throws Exception {
        evaluations.refresh();
        settled();
        Files.delete(labels);
        evaluations.refresh();
        RuleEvaluations.Status status = settled();
        assertEquals(labels + ": no such labels file; check the path", status.error());
        assertFalse(status.current());
        assertEquals(2, status.report().score("troops").orElseThrow().truePositives(), "the last good figures stay");
    }

    @Test
    void nothingToEvaluateIsAnErrorWithTheLineProblems() throws Exception {
        Files.writeString(labels, "docs/a.txt\tnot-a-rule\tyes\nthis line is bad\n");
        evaluations.refresh();
        RuleEvaluations.Status status = settled();
        assertNull(status.report());
        assertTrue(status.error().startsWith("nothing to evaluate"), status.error());
        assertEquals(2, status.errorProblems().size(), status.errorProblems().toString());
    }

    @Test
    void withoutALabelsFileThereIsNoEvaluation() {
        try (RuleEvaluations off = new RuleEvaluations(RuleEvaluations.Settings.OFF, null, new DocumentFileReader(), Clock.systemUTC())) {
            off.refresh();
            assertTrue(off.status().isEmpty());
            assertFalse(off.enabled());
        }
    }
}
