package io.newswatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.YamlSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code classifier:} block of a rule file: every wrong key or value is a file:line:col problem. */
class RuleFileClassifierTest {
    private static final Path FILE = Path.of("rules/grain.yml");
    private static final String HEAD = "id: grain\ntitle: Grain\nseverity: low\nquery: grain\n";

    private static List<String> problems(String classifier) {
        InvalidFileException e = assertThrows(InvalidFileException.class, () ->
                RuleFileParser.parse(YamlSource.parse(FILE, (HEAD + classifier).getBytes(StandardCharsets.UTF_8))));
        return e.problems().stream().map(FileProblem::toString).toList();
    }

    @Test
    void anUnknownKeyIsNamedWithASuggestion() {
        assertEquals(List.of("rules/grain.yml:8:3: unknown classifier field \"treshold\"; did you mean \"threshold\"? "
                        + "allowed: file, labels, docs, mode, threshold"),
                problems("classifier:\n  labels: ../labels.tsv\n  mode: filter\n  treshold: 0.5\n"));
    }

    @Test
    void aThresholdOutsideZeroToOneOrNotANumberIsRefused() {
        assertEquals(List.of("rules/grain.yml:8:14: classifier threshold 1.5 is out of range; use a number between 0 and 1, such as 0.5"),
                problems("classifier:\n  labels: ../labels.tsv\n  mode: filter\n  threshold: 1.5\n"));
        assertEquals(List.of("rules/grain.yml:7:14: classifier threshold \"high\" is not a number; use a number between 0 and 1, such as 0.5"),
                problems("classifier:\n  labels: ../labels.tsv\n  threshold: high\n"));
    }

    @Test
    void onlyTheFilterModeIsKnown() {
        assertEquals(List.of("rules/grain.yml:8:9: classifier mode \"or\" is not supported; use filter (the classifier keeps or "
                        + "drops the query's matches) or leave mode out"),
                problems("classifier:\n  labels: ../labels.tsv\n  docs: ../docs\n  mode: or\n"));
    }

    @Test
    void theLabelsFileIsRequiredAndTheBlockMustBeAMapping() {
        assertEquals(List.of("rules/grain.yml:5:1: classifier needs \"file\" (a weights file written by train-classifier) or \"labels\" "
                        + "(a labels file to train on at load), relative to the rules directory"),
                problems("classifier:\n  threshold: 0.6\n"));
        assertEquals(List.of("rules/grain.yml:5:13: \"classifier\" must be a mapping of `key: value` lines"),
                problems("classifier: yes\n"));
    }
}
