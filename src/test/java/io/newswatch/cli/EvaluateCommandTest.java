package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswatch.cli.CommandsTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} on small labelled corpora written by each test. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private Path rules() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("troops.yml"), """
                id: troops
                title: Troops sent
                severity: high
                query: troops NEAR/5 (sent OR deployed)
                """);
        return rules;
    }

    private void doc(String name, String text) throws Exception {
        Path file = dir.resolve("corpus/docs").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Path labels(String text) throws Exception {
        Path labels = dir.resolve("corpus/labels.tsv");
        Files.createDirectories(labels.getParent());
        Files.writeString(labels, text);
        return labels;
    }

    /** Two hits, a false alarm, a miss and a true negative: every count and figure. */
    private Path smallCorpus() throws Exception {
        doc("a.txt", "Army sends troops\n\nThe government sent 2,000 troops to the border.\n");
        doc("b.txt", "More troops\n\nTroops were deployed to the capital on Monday.\n");
        doc("c.txt", "Troops return home after parade\n\nThe troops were sent home after the parade, officials said.\n");
        doc("d.txt", "US marines land on disputed island\n\nMarines landed on the island at dawn.\n");
        doc("e.txt", "Markets\n\nShares rose on Monday.\n");
        return labels("""
                docs/a.txt\ttroops\tyes\tsent to the border
                docs/b.txt\ttroops\tyes
                docs/c.txt\ttroops\tno\tborderline: sent home
                docs/d.txt\ttroops\tyes\tmarines landed abroad
                docs/e.txt\ttroops\tno\t
                """);
    }

    @Test
    void countsEachRulesHitsFalseAlarmsAndMissesWithTheWordsAndTitles() throws Exception {
        Run run = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", smallCorpus().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*troops\\s+2\\s+1\\s+1\\s+1\\s+0\\.667\\s+0\\.667\\s+0\\.667.*"), run.out());
        assertTrue(run.out().contains("FP docs/c.txt  \"Troops return home after parade\"  fired by: troops, sent  [label: borderline: sent home]"), run.out());
        assertTrue(run.out().contains("FN docs/d.txt  \"US marines land on disputed island\"  [label: marines landed abroad]"), run.out());
        assertTrue(run.err().contains("0 problem(s)"), run.err());
    }

    @Test
    void jsonGivesTheSameFiguresAndLists() throws Exception {
        Run run = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", smallCorpus().toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode root = CommandsTest.JSON.readTree(run.out());
        JsonNode rule = root.get("rules").get(0);
        assertEquals("troops", rule.get("rule").asText());
        assertEquals(2, rule.get("tp").asInt());
        assertEquals(1, rule.get("fp").asInt());
        assertEquals(1, rule.get("fn").asInt());
        assertEquals(1, rule.get("tn").asInt());
        assertEquals(0.6667, rule.get("precision").asDouble(), 1e-9);
        assertEquals("docs/c.txt", rule.get("falsePositives").get(0).get("document").asText());
        assertEquals("troops", rule.get("falsePositives").get(0).get("words").get(0).asText());
        assertEquals("US marines land on disputed island", rule.get("falseNegatives").get(0).get("title").asText());
        assertEquals(5, root.get("documents").asInt());
        assertEquals(0, root.get("problems").size());
    }

    @Test
    void unknownDocumentsMissingRulesAndBadLinesAreReportedWithTheirLineAndLeftOut() throws Exception {
        doc("a.txt", "Army sends troops\n\nThe government sent 2,000 troops to the border.\n");
        doc("e.txt", "Markets\n\nShares rose on Monday.\n");
        Path labels = labels("""
                # a comment, then a blank line

                docs/a.txt\ttroops\tyes\tsent
                docs/missing.txt\ttroops\tyes
                docs/a.txt\ttreaty\tno
                docs/e.txt\ttroops\tmaybe
                docs/e.txt troops no
                docs/e.txt\ttroops\tno
                docs/a.txt\ttroops\tno
                """);
        Run run = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", labels.toString());
        assertEquals(0, run.exit(), "it ran, so exit 0: " + run.err());
        assertTrue(run.err().contains(labels + ":4: document "), run.err());
        assertTrue(run.err().contains("missing.txt: no such file"), run.err());
        assertTrue(run.err().contains(labels + ":5: no rule \"treaty\" was loaded from"), run.err());
        assertTrue(run.err().contains("(loaded: troops)"), run.err());
        assertTrue(run.err().contains(labels + ":6: the third field must be yes or no"), run.err());
        assertTrue(run.err().contains(labels + ":7: expected 3 or 4 tab-separated fields"), run.err());
        assertTrue(run.err().contains(labels + ":9: docs/a.txt is already labelled for troops at line 3"), run.err());
        assertTrue(run.err().contains("5 problem(s)"), run.err());
        // What is left: a.txt (yes, matched) and e.txt (no, not matched).
        assertTrue(run.out().matches("(?s).*troops\\s+1\\s+0\\s+0\\s+1\\s+1\\.000\\s+1\\.000\\s+1\\.000.*"), run.out());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void docsOptionReadsThePathsFromAnotherFolder() throws Exception {
        doc("a.txt", "Army sends troops\n\nThe government sent 2,000 troops to the border.\n");
        Path labels = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("labels.tsv"),
                "docs/a.txt\ttroops\tyes\n");
        Run missing = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", labels.toString());
        assertEquals(1, missing.exit(), "nothing could be evaluated: " + missing.err());
        assertTrue(missing.err().contains("use --docs DIR"), missing.err());
        Run run = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", labels.toString(),
                "--docs", dir.resolve("corpus").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().matches("(?s).*troops\\s+1\\s+0\\s+0\\s+0\\s+1\\.000\\s+1\\.000.*"), run.out());
    }

    @Test
    void theSplitsDivideTheDocumentsWithoutOverlap() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            doc("d" + i + ".txt", "Troops sent\n\nThe army sent troops abroad, story " + i + ".\n");
            text.append("docs/d").append(i).append(".txt\ttroops\tyes\n");
        }
        Path labels = labels(text.toString());
        int dev = CommandsTest.JSON.readTree(CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels",
                labels.toString(), "--split", "dev", "--json").out()).get("documents").asInt();
        int validation = CommandsTest.JSON.readTree(CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels",
                labels.toString(), "--split", "validation", "--json").out()).get("documents").asInt();
        assertEquals(40, dev + validation);
        assertTrue(dev > 20 && validation > 4, dev + " / " + validation);
    }

    @Test
    void badUsageAndAMissingLabelsFileExitNonZeroWithAMessage() throws Exception {
        Run noLabels = CommandsTest.run("evaluate", "--rules", rules().toString());
        assertEquals(2, noLabels.exit());
        assertTrue(noLabels.err().contains("--labels is required"), noLabels.err());
        Run badSplit = CommandsTest.run("evaluate", "--labels", "x.tsv", "--split", "half");
        assertEquals(2, badSplit.exit());
        assertTrue(badSplit.err().contains("unknown split \"half\""), badSplit.err());
        Run absent = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", dir.resolve("nope.tsv").toString());
        assertEquals(1, absent.exit());
        assertTrue(absent.err().contains("nope.tsv: no such labels file"), absent.err());
    }

    @Test
    void theCoreViewLeavesOutBorderlineIncidentalOpsOnlyAndPassingLabels() throws Exception {
        Path labels = smallCorpus();
        Files.writeString(labels, Files.readString(labels).replace("docs/e.txt\ttroops\tno\t", "docs/e.txt\ttroops\tno\tPassing: nothing sent"));
        Run run = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", labels.toString(), "--view", "core");
        assertEquals(0, run.exit(), run.err());
        String[] views = run.out().split("core view: ");
        assertEquals(2, views.length, run.out());
        assertTrue(views[0].matches("(?s).*troops\\s+2\\s+1\\s+1\\s+1\\s+0\\.667\\s+0\\.667\\s+0\\.667.*"), "headline unchanged: " + run.out());
        assertTrue(views[1].startsWith("3 label(s); labels whose reason says borderline, incidental, ops-only or passing left out"), views[1]);
        assertTrue(views[1].matches("(?s).*troops\\s+2\\s+0\\s+1\\s+0\\s+1\\.000\\s+0\\.667\\s+0\\.800.*"), views[1]);

        Run json = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", labels.toString(), "--view", "core", "--json");
        JsonNode root = CommandsTest.JSON.readTree(json.out());
        assertEquals(2, root.get("rules").get(0).get("tp").asInt());
        assertEquals(1, root.get("rules").get(0).get("fp").asInt());
        assertEquals(3, root.get("core").get("labels").asInt());
        assertEquals(0, root.get("core").get("rules").get(0).get("fp").asInt());
        assertEquals(0.8, root.get("core").get("rules").get(0).get("f1").asDouble(), 1e-9);
        assertFalse(root.get("core").get("rules").get(0).has("falsePositives"), "the core view gives the figures only");

        Run plain = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", labels.toString(), "--json");
        assertFalse(CommandsTest.JSON.readTree(plain.out()).has("core"), "the full view alone by default");
        Run bad = CommandsTest.run("evaluate", "--rules", rules().toString(), "--labels", labels.toString(), "--view", "clear");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown view \"clear\"; use one of full, core"), bad.err());
    }
}
