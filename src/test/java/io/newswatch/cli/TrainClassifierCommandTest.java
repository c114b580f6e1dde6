package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswatch.classify.GrainCorpus;
import io.newswatch.rules.ClassifierWeights;
import io.newswatch.rules.ClassifierWeightsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train-classifier} trains a rule's passage classifier on the development split and writes
 * its weights file; the rule then names it ({@code classifier: file:}) and {@code evaluate} applies it.
 */
class TrainClassifierCommandTest {
    @TempDir Path dir;

    private Path rules() throws Exception {
        Path rule = GrainCorpus.write(dir);
        // the query alone; train-classifier runs the query, not a stage in force
        Files.writeString(rule, Files.readString(rule).replaceAll("(?s)classifier:.*?examples:", "examples:"));
        return rule.getParent();
    }

    private CommandsTest.Run train(Path rules, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train-classifier", "--rules", rules.toString(),
                "--rule", "grain", "--labels", dir.resolve("corpus/labels.tsv").toString()));
        args.addAll(java.util.List.of(more));
        return CommandsTest.run(args.toArray(String[]::new));
    }

    @Test
    void theSameLabelsAndRuleTrainTheSameWeightsAndTheRuleThenDropsItsFalseAlarms() throws Exception {
        Path rules = rules();
        CommandsTest.Run first = train(rules, "--threshold", "0.5");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().contains("the query matches 8 yes and 8 no, and 1 example(s)"), first.err());
        Path weightsFile = rules.resolve("grain.classifier.json");
        ClassifierWeights one = ClassifierWeightsFile.read(weightsFile);
        CommandsTest.Run second = train(rules, "--threshold", "0.5");
        assertEquals(0, second.exit(), second.err());
        ClassifierWeights two = ClassifierWeightsFile.read(weightsFile);
        assertArrayEquals(one.weights(), two.weights(), "same inputs, same weights, bit for bit");
        assertEquals(one.bias(), two.bias());
        assertNotEquals(0.0, one.weights()[0], "it learned something");
        assertTrue(one.trainedOn().contains("split development") && one.trainedOn().contains("candidates_no 8"), one.trainedOn());

        Path rule = rules.resolve("grain.yml");
        Files.writeString(rule, Files.readString(rule).replace("examples:", "classifier:\n  file: grain.classifier.json\nexamples:"));
        CommandsTest.Run withStage = CommandsTest.run("evaluate", "--rules", rules.toString(), "--labels",
                dir.resolve("corpus/labels.tsv").toString(), "--json");
        assertEquals(0, withStage.exit(), withStage.err());
        JsonNode scores = CommandsTest.JSON.readTree(withStage.out()).get("rules").get(0);
        assertEquals(0, scores.get("fp").asInt(), withStage.out());
        assertEquals(8, scores.get("tp").asInt(), withStage.out());
        Files.writeString(rule, Files.readString(rule).replace("file: grain.classifier.json", "file: grain.classifier.json\n  threshold: 0.999"));
        CommandsTest.Run strict = CommandsTest.run("evaluate", "--rules", rules.toString(), "--labels",
                dir.resolve("corpus/labels.tsv").toString());
        assertTrue(strict.out().lines().anyMatch(l -> l.startsWith("  FN ") && l.contains("(query matched; classifier p = 0.")
                && l.contains(" < 0.999)")), "a false negative the classifier dropped shows its score: " + strict.out());
        Files.writeString(rule, Files.readString(rule).replace("\n  threshold: 0.999", ""));
        CommandsTest.Run check = CommandsTest.run("check-rules", "--rules", rules.toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().contains("rule grain: classifier passage model"), check.out());
    }

    @Test
    void badLabelsAreRefusedAndNothingIsWritten() throws Exception {
        Path rules = rules();
        Files.writeString(dir.resolve("corpus/labels.tsv"), "docs/grain-0.txt\tgrain\tmaybe\n", java.nio.file.StandardOpenOption.APPEND);
        CommandsTest.Run run = train(rules);
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("fix them first, nothing was written"), run.err());
        assertFalse(Files.exists(rules.resolve("grain.classifier.json")));
    }

    @Test
    void tooFewFalseAlarmsAndTheValidationSplitAreRefused() throws Exception {
        Path rules = rules();
        CommandsTest.Run validation = train(rules, "--split", "validation");
        assertEquals(2, validation.exit(), validation.err());
        assertTrue(validation.err().contains("would train on the held-out texts"), validation.err());
        Path labels = dir.resolve("corpus/labels.tsv");
        Files.writeString(labels, Files.readString(labels).replace("\tno\t", "\tyes\t"));
        CommandsTest.Run tooFew = train(rules);
        assertEquals(1, tooFew.exit(), tooFew.err());
        assertTrue(tooFew.err().contains("the query matches 16 labelled yes and 0 labelled no document(s)"), tooFew.err());
        assertFalse(Files.exists(rules.resolve("grain.classifier.json")));
    }
}
