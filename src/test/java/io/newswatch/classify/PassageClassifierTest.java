package io.newswatch.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.rules.ClassifierWeights;
import io.newswatch.rules.ClassifierWeightsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The passage classifier: its passages, its training, and the daemon's registry applying it. */
class PassageClassifierTest {
    @TempDir Path dir;

    private static Document document(String title, String body) {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        return new Document("d-" + body.hashCode(), "test", "test", title, body, now, "en", now, List.of(), List.of());
    }

    @Test
    void passagesAreTheHitsSentencesWithTheirNeighboursDistinctAndAtMostFour() {
        String body = "One. The pact was signed today. Three follows. Four here. Five is far. Six. Seven. Eight. Nine. Ten ends.";
        Document doc = document("Pact signed", body);
        List<Highlight> hits = new ArrayList<>();
        hits.add(new Highlight("body", "signed", body.indexOf("signed"), body.indexOf("signed") + 6));
        hits.add(new Highlight("body", "pact", body.indexOf("pact"), body.indexOf("pact") + 4)); // same passage, once
        hits.add(new Highlight("title", "Pact", 0, 4));
        hits.add(new Highlight("body", "Six", body.indexOf("Six"), body.indexOf("Six") + 3));
        hits.add(new Highlight("body", "Eight", body.indexOf("Eight"), body.indexOf("Eight") + 5));
        hits.add(new Highlight("body", "Ten", body.indexOf("Ten"), body.indexOf("Ten") + 3));
        List<String> passages = Passages.of(doc, new Match("r", doc.id(), 1, hits, ""));
        assertEquals(List.of("Pact signed", "One. The pact was signed today. Three follows.", "Five is far. Six. Seven.",
                "Seven. Eight. Nine."), passages);
    }

    private static List<PassageTrainer.Candidate> candidates(int yes, int no) {
        List<PassageTrainer.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < yes + no; i++) {
            float[] v = new float[ClassifierWeights.DIMENSIONS];
            v[i % 7] = 0.3f;
            v[100] = i < yes ? 1 : -1;
            candidates.add(new PassageTrainer.Candidate("d" + i, i < yes, false, List.of(v)));
        }
        return candidates;
    }

    @Test
    void trainingIsDeterministicAndSeparatesWhatItCan() throws Exception {
        DenseLogisticModel one = PassageTrainer.train(candidates(6, 6), "max", DenseLogisticModel.Settings.DEFAULT);
        DenseLogisticModel two = PassageTrainer.train(candidates(6, 6), "max", DenseLogisticModel.Settings.DEFAULT);
        assertEquals(one, two, "same inputs, same weights, bit for bit");
        List<PassageTrainer.Candidate> all = candidates(6, 6);
        for (PassageTrainer.Candidate c : all) {
            assertEquals(c.yes(), PassageTrainer.score(one, "max", c) >= 0.5, c.name());
        }
        assertEquals(one, PassageTrainer.train(candidates(6, 6), "max", DenseLogisticModel.Settings.DEFAULT));
    }

    @Test
    void tooFewFalseAlarmsAreRefused() {
        PassageTrainer.TooFewException e = assertThrows(PassageTrainer.TooFewException.class,
                () -> PassageTrainer.train(candidates(8, 4), "max", DenseLogisticModel.Settings.DEFAULT));
        assertTrue(e.getMessage().contains("the query matches 8 labelled yes and 4 labelled no document(s)"), e.getMessage());
    }

    private Path ruleWithWeights(double bias) throws Exception {
        Path rule = GrainCorpus.write(dir);
        Files.writeString(rule.resolveSibling("grain.classifier.json"), ClassifierWeightsFile.write("grain", "max", 0.5, bias,
                new double[ClassifierWeights.DIMENSIONS], new LinkedHashMap<>()));
        Files.writeString(rule, Files.readString(rule).replaceAll("(?s)classifier:.*?examples:",
                "classifier:\n  file: grain.classifier.json\nexamples:"));
        return rule.getParent();
    }

    @Test
    void theDaemonsRegistryDropsAMatchItsClassifierRejectsAndKeepsOneItAccepts() throws Exception {
        Document story = document("", "The government halted grain exports, the ministry said.");
        List<String> lines = new ArrayList<>();
        Path rules = ruleWithWeights(-5);
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), r -> { }, new SecondStage(new ClassifierTrainer(), lines::add))) {
            registry.reload();
            assertEquals(1, registry.activeCount(), registry.states().toString());
            assertEquals(List.of(), registry.match(story), "p = 0.007 < 0.5: dropped");
        }
        assertTrue(lines.getFirst().startsWith("rule grain: classifier passage model all-minilm-l6-v2-q passages (max pooling)"),
                lines.toString());
        ruleWithWeights(5);
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), r -> { }, new SecondStage(new ClassifierTrainer(), l -> { }))) {
            registry.reload();
            assertFalse(registry.match(story).isEmpty(), "p = 0.993: kept");
        }
    }

    @Test
    void aBrokenWeightsFileKeepsTheRulesLastGoodVersion() throws Exception {
        Path rules = ruleWithWeights(5);
        Document story = document("", "The government halted grain exports, the ministry said.");
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), r -> { }, new SecondStage(new ClassifierTrainer(), l -> { }))) {
            registry.reload();
            Files.writeString(rules.resolve("grain.classifier.json"), "{\"weights\": [1, 2");
            Path rule = rules.resolve("grain.yml");
            Files.writeString(rule, Files.readString(rule) + "\n"); // the rule file changed: reloaded
            registry.reload();
            String problems = registry.states().getFirst().problems().toString();
            assertTrue(problems.contains("grain.classifier.json:1:"), "the weights file's problem is reported at its position: " + problems);
            assertEquals(1, registry.activeCount());
            assertFalse(registry.match(story).isEmpty(), "the last good rule, with its classifier, still runs");
        }
    }

    @Test
    void aRetrainedOrRestoredWeightsFileReloadsTheRuleWithoutItsRuleFileBeingTouched() throws Exception {
        Document story = document("", "The government halted grain exports, the ministry said.");
        Path rules = ruleWithWeights(-5);
        Path weights = rules.resolve("grain.classifier.json");
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), r -> { }, new SecondStage(new ClassifierTrainer(), l -> { }))) {
            registry.reload();
            assertEquals(List.of(), registry.match(story), "p = 0.007: dropped");

            String accepting = ClassifierWeightsFile.write("grain", "max", 0.5, 5.5, new double[ClassifierWeights.DIMENSIONS], new LinkedHashMap<>());
            Files.writeString(weights, accepting); // retrained: only the weights file changes
            Files.setLastModifiedTime(weights, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
            registry.reload();
            assertFalse(registry.match(story).isEmpty(), "the new weights are in force: p = 0.996, kept");

            Files.delete(weights);
            registry.reload();
            assertEquals(1, registry.activeCount(), "a weights file gone: the last good version stays in force");
            assertFalse(registry.states().getFirst().problems().isEmpty(), "and the rule says what is wrong");

            Files.writeString(weights, accepting);
            registry.reload();
            assertEquals(List.of(), registry.states().getFirst().problems(), "the weights file back: the rule loads again");
            assertFalse(registry.match(story).isEmpty());
        }
    }
}
