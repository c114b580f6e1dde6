package io.newswatch.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.YamlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classifier weights file ({@code train-classifier} writes it, a rule's {@code classifier: file:}
 * names it): what is written reads back the same, and every broken file is a file:line:col problem
 * that keeps the rule from loading.
 */
class ClassifierWeightsFileTest {
    @TempDir Path dir;

    static double[] weights(double value) {
        double[] w = new double[ClassifierWeights.DIMENSIONS];
        java.util.Arrays.fill(w, value);
        w[0] = 1.0E-5;
        w[1] = -0.125;
        return w;
    }

    static String written(double bias) {
        var training = new LinkedHashMap<String, Object>();
        training.put("labels", "../labels.tsv");
        training.put("split", "dev");
        training.put("candidates_yes", 12);
        return ClassifierWeightsFile.write("grain", "max", 0.4, bias, weights(0.25), training);
    }

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("grain.classifier.json"), text);
    }

    private List<String> problems(String text) throws Exception {
        Path file = file(text);
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> ClassifierWeightsFile.read(file));
        return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
    }

    @Test
    void whatIsWrittenReadsBackBitForBit() throws Exception {
        ClassifierWeights read = ClassifierWeightsFile.read(file(written(-1.5)));
        assertArrayEquals(weights(0.25), read.weights());
        assertEquals(-1.5, read.bias());
        assertEquals(0.4, read.threshold());
        assertEquals("max", read.pooling());
        assertEquals(ClassifierWeights.FEATURES, read.features());
        assertEquals("labels ../labels.tsv, split dev, candidates_yes 12", read.trainedOn());
        assertEquals(written(-1.5), written(-1.5), "same model, same bytes");
    }

    @Test
    void badJsonIsReportedAtItsLineAndColumn() throws Exception {
        List<String> problems = problems("{\n  \"format\": \"newswatch-classifier 1\",\n  \"bias\": [1, 2\n}\n");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("grain.classifier.json:4:1: syntax error: ")
                && problems.getFirst().endsWith("this is a JSON file written by train-classifier: write it again rather than edit it"),
                problems.toString());
    }

    @Test
    void aWrongNumberOfWeightsIsRefusedAtTheList() throws Exception {
        String text = written(0).replaceFirst("\"weights\": \\[\n    1.0E-5,\n", "\"weights\": [\n");
        String line = "grain.classifier.json:" + (text.lines().toList().indexOf("  \"weights\": [") + 1) + ":14: ";
        assertEquals(List.of(line + "\"weights\" holds 383 number(s); the model's vectors have 384 dimensions: retrain with train-classifier"),
                problems(text));
    }

    @Test
    void aWeightThatIsNotANumberIsNamedAtItsLine() throws Exception {
        String text = written(0).replaceFirst("-0.125", "\"heavy\"");
        int line = text.lines().toList().indexOf("    \"heavy\",") + 1;
        assertEquals(List.of("grain.classifier.json:" + line + ":5: weight 2 \"heavy\" is not a finite number"), problems(text));
    }

    @Test
    void anUnknownFormatFeatureKindOrPoolingIsRefused() throws Exception {
        assertEquals(List.of("grain.classifier.json:2:13: format \"newswatch-classifier 2\" is not supported; this version reads "
                        + "\"newswatch-classifier 1\": retrain with train-classifier"),
                problems(written(0).replace("newswatch-classifier 1", "newswatch-classifier 2")));
        assertEquals(List.of("grain.classifier.json:4:15: features \"bag of words\" are not supported; use \"all-minilm-l6-v2-q passages\" "
                        + "(retrain with train-classifier)"),
                problems(written(0).replace("all-minilm-l6-v2-q passages", "bag of words")));
        assertEquals(List.of("grain.classifier.json:5:14: pooling \"sum\" is not supported; use one of max, mean"),
                problems(written(0).replace("\"pooling\": \"max\"", "\"pooling\": \"sum\"")));
    }

    @Test
    void missingFieldsAndUnknownFieldsAreNamed() throws Exception {
        assertEquals(List.of("grain.classifier.json:1:1: classifier weights file has no \"weights\"; write it with train-classifier "
                + "(docs/rule-files.md)"), problems("{\"format\": \"newswatch-classifier 1\", \"features\": \"all-minilm-l6-v2-q passages\", "
                + "\"pooling\": \"max\", \"bias\": 0}\n"));
        assertEquals(List.of("grain.classifier.json:1:2: unknown weights-file field \"biass\"; did you mean \"bias\"? allowed: format, rule, "
                + "features, pooling, threshold, bias, weights, training"), problems("{\"biass\": 0}\n"));
    }

    // the rule key

    private static final String HEAD = "id: grain\ntitle: Grain\nseverity: low\nquery: grain\n";

    private RuleSource parse(String classifier) throws Exception {
        Path rule = dir.resolve("grain.yml");
        Files.writeString(rule, HEAD + classifier);
        return RuleFileParser.parse(YamlSource.read(rule));
    }

    private List<String> ruleProblems(String classifier) {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> parse(classifier));
        return e.problems().stream().map(FileProblem::toString).map(p -> p.replace(dir + "/", "")).toList();
    }

    @Test
    void aRuleNamesItsWeightsFileRelativeToItsFolderAndMayOverrideTheThreshold() throws Exception {
        file(written(-2));
        ClassifierSpec spec = parse("classifier:\n  file: grain.classifier.json\n").classifier().orElseThrow();
        assertEquals(-2, spec.weights().orElseThrow().bias());
        assertEquals(0.4, spec.threshold(), "the trainer's threshold when the rule names none");
        assertEquals(0.7, parse("classifier:\n  file: grain.classifier.json\n  threshold: 0.7\n").classifier().orElseThrow().threshold());
    }

    @Test
    void aMissingOrBrokenWeightsFileIsTheRulesProblemWithPositions() throws Exception {
        assertEquals(List.of("grain.yml:6:9: classifier weights file none.json"
                        + " does not exist; write it with train-classifier (docs/rule-files.md) or remove the classifier block"),
                ruleProblems("classifier:\n  file: none.json\n"));
        file("{\"format\": \"newswatch-classifier 1\", \"features\": \"all-minilm-l6-v2-q passages\", \"pooling\": \"max\", "
                + "\"bias\": 0, \"weights\": [1, 2]}\n");
        assertEquals(List.of("grain.classifier.json:1:121: \"weights\" holds 2 number(s); the model's vectors have 384 dimensions: "
                + "retrain with train-classifier"), ruleProblems("classifier:\n  file: grain.classifier.json\n"));
        assertEquals(List.of("grain.yml:7:11: classifier \"labels\" does not go with \"file\": a weights file is trained beforehand "
                + "(train-classifier); keep one of the two"), ruleProblems("classifier:\n  file: grain.classifier.json\n  labels: l.tsv\n"));
    }
}
