package io.newswatch.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.config.YamlSource;
import io.newswatch.document.Document;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.rules.Aliases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule's learned second stage on a small labelled corpus ({@link GrainCorpus}). */
class SecondStageTest {
    @TempDir Path dir;
    Path rules;
    Path rule;

    @BeforeEach
    void corpus() throws Exception {
        rule = GrainCorpus.write(dir);
        rules = rule.getParent();
    }

    private LoadedRule load() throws Exception {
        return new RuleLoader().load(rule, new RuleCompiler(Aliases.NONE));
    }

    private static Document document(String text) {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        return new Document("d-" + text.hashCode(), "test", "test", "", text, now, "en", now, List.of(), List.of());
    }

    private static List<Match> queryMatches(LoadedRule loaded, Document document) {
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(loaded.id(), loaded.query());
            return matcher.match(document);
        }
    }

    @Test
    void theSameCorpusAndRuleTrainTheSameWeights() throws Exception {
        LoadedRule loaded = load();
        List<String> lines = new ArrayList<>();
        SecondStage first = new SecondStage(new ClassifierTrainer(), lines::add);
        SecondStage second = new SecondStage(new ClassifierTrainer(), lines::add);
        first.prepare(loaded);
        second.prepare(load());
        LogisticModel a = ((TermScorer) first.classifier("grain").orElseThrow().scorer()).model();
        LogisticModel b = ((TermScorer) second.classifier("grain").orElseThrow().scorer()).model();
        assertEquals(a, b, "same inputs, same weights");
        assertNotEquals(0.0, a.bias(), "the model learned something");
        assertTrue(lines.getFirst().startsWith("rule grain: classifier trained on 16 query match(es)"), lines.toString());
    }

    @Test
    void dropsAKnownFalseAlarmAndKeepsATrueReport() throws Exception {
        LoadedRule loaded = load();
        SecondStage stage = new SecondStage(new ClassifierTrainer(), line -> { });
        stage.prepare(loaded);
        Document falseAlarm = document("The museum's history gallery is devoted to grain exports of the old port.");
        Document trueReport = document("The government banned grain exports on Friday, the ministry said.");
        assertEquals(1, queryMatches(loaded, falseAlarm).size(), "the query alone lets the false alarm through");
        assertEquals(List.of(), stage.apply(falseAlarm, queryMatches(loaded, falseAlarm)));
        assertEquals(1, stage.apply(trueReport, queryMatches(loaded, trueReport)).size());
        assertEquals(List.of(), stage.rejectedExamples(loaded), "the rule's own match example passes the classifier");
    }

    @Test
    void aMissingLabelsFileLeavesTheRuleOnItsQueryAloneSaidInOneLine() throws Exception {
        Files.delete(dir.resolve("corpus/labels.tsv"));
        LoadedRule loaded = load();
        List<String> lines = new ArrayList<>();
        SecondStage stage = new SecondStage(new ClassifierTrainer(), lines::add);
        stage.prepare(loaded);
        assertEquals(List.of("rule grain: classifier labels file " + dir.resolve("corpus/labels.tsv").toAbsolutePath()
                + " not found; the rule runs on its query alone"), lines);
        Document falseAlarm = document("The museum's history gallery is devoted to grain exports of the old port.");
        assertEquals(1, stage.apply(falseAlarm, queryMatches(loaded, falseAlarm)).size(), "query-only: every match kept");
        assertTrue(stage.classifier("grain").isEmpty());
    }

    @Test
    void tooFewFalseAlarmsAmongTheMatchesMeansQueryOnly() throws Exception {
        Path labels = dir.resolve("corpus/labels.tsv");
        Files.writeString(labels, Files.readString(labels).lines().filter(l -> !l.endsWith("\tno\t"))
                .reduce("", (a, b) -> a + b + "\n"));
        List<String> lines = new ArrayList<>();
        SecondStage stage = new SecondStage(new ClassifierTrainer(), lines::add);
        stage.prepare(load());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("8 document(s) labelled yes and 0 labelled no")
                && lines.getFirst().endsWith("the rule runs on its query alone"), lines.getFirst());
        assertTrue(stage.classifier("grain").isEmpty());
    }

    @Test
    void theDaemonsRegistryAppliesTheStageToEveryMatch() throws Exception {
        try (RuleRegistry registry = new RuleRegistry(rules, new RuleLoader(), r -> { },
                new SecondStage(new ClassifierTrainer(), line -> { }))) {
            registry.reload();
            assertEquals(1, registry.activeCount());
            assertEquals(List.of(), registry.match(document("A museum on the history of grain exports opened its doors.")));
            assertFalse(registry.match(document("The government halted grain exports, the ministry said.")).isEmpty());
        }
    }

    @Test
    void aRuleWithoutAClassifierIsLeftAlone() throws Exception {
        Files.writeString(rule, Files.readString(rule).replaceAll("(?s)classifier:.*?examples:", "examples:"));
        List<String> lines = new ArrayList<>();
        SecondStage stage = new SecondStage(new ClassifierTrainer(), lines::add);
        LoadedRule loaded = load();
        assertTrue(loaded.source().classifier().isEmpty());
        stage.prepare(loaded);
        assertEquals(List.of(), lines, "nothing to say about a rule without a classifier");
        Document falseAlarm = document("A museum on the history of grain exports opened its doors.");
        assertEquals(1, stage.apply(falseAlarm, queryMatches(loaded, falseAlarm)).size());
    }

    @Test
    void yamlPathsAreRelativeToTheRuleFilesFolder() throws Exception {
        var spec = io.newswatch.rules.RuleFileParser.parse(YamlSource.read(rule)).classifier().orElseThrow();
        assertEquals(dir.resolve("corpus/labels.tsv").toAbsolutePath().normalize(), spec.labels());
        assertEquals(dir.resolve("corpus").toAbsolutePath().normalize(), spec.docs());
        assertEquals(0.5, spec.threshold());
    }
}
