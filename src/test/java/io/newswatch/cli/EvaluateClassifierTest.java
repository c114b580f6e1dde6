package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswatch.classify.GrainCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} and {@code check-rules} apply a rule's learned second stage as the daemon does. */
class EvaluateClassifierTest {
    @TempDir Path dir;

    @Test
    void evaluateAppliesTheClassifierAndNoClassifierGivesTheQueryAlone() throws Exception {
        Path rules = GrainCorpus.write(dir).getParent();
        String labels = dir.resolve("corpus/labels.tsv").toString();
        CommandsTest.Run withStage = CommandsTest.run("evaluate", "--rules", rules.toString(), "--labels", labels, "--json");
        CommandsTest.Run queryOnly = CommandsTest.run("evaluate", "--rules", rules.toString(), "--labels", labels, "--json", "--no-classifier");
        assertEquals(0, withStage.exit(), withStage.err());
        assertTrue(withStage.err().contains("rule grain: classifier trained on 16 query match(es)"), withStage.err());
        JsonNode staged = CommandsTest.JSON.readTree(withStage.out()).get("rules").get(0);
        JsonNode plain = CommandsTest.JSON.readTree(queryOnly.out()).get("rules").get(0);
        assertEquals(8, plain.get("fp").asInt(), "the query alone lets every museum story through");
        assertEquals(0, staged.get("fp").asInt(), "its training texts are told apart");
        assertEquals(8, staged.get("tp").asInt());
        assertTrue(!queryOnly.err().contains("classifier"), queryOnly.err());
    }

    @Test
    void checkRulesSaysOnceThatARuleRunsOnItsQueryAloneWhenItsLabelsAreMissing() throws Exception {
        Path rules = GrainCorpus.write(dir).getParent();
        Files.delete(dir.resolve("corpus/labels.tsv"));
        CommandsTest.Run run = CommandsTest.run("check-rules", "--rules", rules.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals(1, run.out().lines().filter(l -> l.contains("runs on its query alone")).count(), run.out());
        assertTrue(run.out().contains("rule grain: classifier labels file "), run.out());
    }
}
