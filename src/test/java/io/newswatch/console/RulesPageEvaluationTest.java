package io.newswatch.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.rules.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules page rendered from its template (as Quarkus renders it) with and without a labels file. */
class RulesPageEvaluationTest {
    @TempDir
    Path dir;

    private ConsolePages pages(RuleRegistry registry, RuleEvaluations evaluations) {
        ConsolePages pages = new ConsolePages();
        pages.rules = registry;
        pages.evaluations = evaluations;
        pages.rulesPage = ConsolePagesBenchmark.engine(Path.of("src/main/resources/templates")).getTemplate("console/rules.html");
        return pages;
    }

    @Test
    void eachRuleShowsItsFiguresFalseAlarmsWithTheirWordsAndMissesWithTheirTitlesEscaped() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("troops.yml"), "id: troops\ntitle: Troops sent\nseverity: high\nquery: troop NEAR/5 sent\n");
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("a.txt"), "Army sends troops\n\nThe government sent 2,000 troops to the border.\n");
        Files.writeString(docs.resolve("c.txt"), "<script>alert(1)</script> troops parade\n\nThe troops were sent home after the parade.\n");
        Files.writeString(docs.resolve("d.txt"), "Marines land on island\n\nMarines landed at dawn.\n");
        Path labels = dir.resolve("labels.tsv");
        Files.writeString(labels, "docs/a.txt\ttroops\tyes\ndocs/c.txt\ttroops\tno\tsent home\ndocs/d.txt\ttroops\tyes\nbad line\n");
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), rule -> {});
             RuleEvaluations evaluations = new RuleEvaluations(new RuleEvaluations.Settings(labels, null, EvaluationSplit.ALL),
                     new RuleEvaluations.RulesInForce(registry::version,
                             () -> registry.activeRules().stream().map(Rule::id).collect(Collectors.toSet()), registry::match),
                     new DocumentFileReader(), Clock.systemUTC())) {
            registry.reload();
            evaluations.refresh();
            await().atMost(Duration.ofSeconds(30)).until(() -> evaluations.status().orElseThrow().report() != null);
            String html = pages(registry, evaluations).rules();
            assertTrue(html.contains("<td class=\"tp\">1</td><td class=\"fp\">1</td><td class=\"fn\">1</td>"), html);
            assertTrue(html.contains("<td class=\"precision\">0.500</td><td class=\"recall\">0.500</td><td class=\"f1\">0.500</td>"), html);
            assertTrue(html.contains("fired by: <strong>troops, sent</strong> · label: sent home"), html);
            assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; troops parade"), "a title is shown as text");
            assertFalse(html.contains("<script>alert(1)"), html);
            assertTrue(html.contains("<code>docs/d.txt</code> Marines land on island"), html);
            assertTrue(html.contains("up to date"), html);
            assertTrue(html.contains(labels + ":4: "), "the bad line is named: " + html);
        }
    }

    @Test
    void aLabelsFileThatCannotBeReadIsShownAsTheReason() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("troops.yml"), "id: troops\ntitle: Troops sent\nseverity: high\nquery: troop NEAR/5 sent\n");
        Path labels = dir.resolve("missing.tsv");
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), rule -> {});
             RuleEvaluations evaluations = new RuleEvaluations(new RuleEvaluations.Settings(labels, null, EvaluationSplit.ALL),
                     new RuleEvaluations.RulesInForce(registry::version, () -> java.util.Set.of("troops"), registry::match),
                     new DocumentFileReader(), Clock.systemUTC())) {
            registry.reload();
            evaluations.refresh();
            await().atMost(Duration.ofSeconds(30)).until(() -> evaluations.status().orElseThrow().error() != null);
            String html = pages(registry, evaluations).rules();
            assertTrue(html.contains("The last evaluation failed: " + labels + ": no such labels file; check the path"), html);
        }
    }

    @Test
    void withoutALabelsFileThePageHasNoEvaluation() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("troops.yml"), "id: troops\ntitle: Troops sent\nseverity: high\nquery: troop NEAR/5 sent\n");
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), rule -> {});
             RuleEvaluations off = new RuleEvaluations(RuleEvaluations.Settings.OFF, null, new DocumentFileReader(), Clock.systemUTC())) {
            registry.reload();
            String html = pages(registry, off).rules();
            assertFalse(html.contains("id=\"evaluation\""), html);
            assertFalse(html.contains("class=\"evaluation\""), html);
            assertTrue(html.contains("troops.yml"), html);
        }
    }
}
