package io.newswatch.matching;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a labels file, one judgement per line: {@code document<TAB>rule<TAB>yes|no[<TAB>reason]}.
 * Blank lines and lines starting with {@code #} are skipped. A bad line is reported as
 * {@code file:line: message} and left out; the good lines are kept, so one typo does not stop an
 * evaluation.
 */
public final class LabelsFile {
    private LabelsFile() {}

    /** The usable labels, in file order, and one message per line that was left out. */
    public record Result(Path file, List<Label> labels, List<String> problems) {
        public Result {
            labels = List.copyOf(labels);
            problems = List.copyOf(problems);
        }
    }

    /** @throws IOException when the file cannot be read at all */
    public static Result read(Path file) throws IOException {
        return parse(file, Files.readString(file));
    }

    /** Parses {@code text}; {@code file} is only used in messages. */
    public static Result parse(Path file, String text) {
        List<Label> labels = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 3 || fields.length > 4) {
                problems.add(file + ":" + number + ": expected 3 or 4 tab-separated fields "
                        + "(document, rule, yes|no, optional reason), found " + fields.length
                        + "; separate the fields with one tab each");
                continue;
            }
            String document = fields[0].strip();
            String rule = fields[1].strip();
            String verdict = fields[2].strip();
            if (document.isEmpty() || rule.isEmpty()) {
                problems.add(file + ":" + number + ": the " + (document.isEmpty() ? "document" : "rule")
                        + " field is empty; write the document path and the rule id");
                continue;
            }
            if (!verdict.equals("yes") && !verdict.equals("no")) {
                problems.add(file + ":" + number + ": the third field must be yes or no (lower case), found \""
                        + verdict + "\"");
                continue;
            }
            Integer earlier = seen.putIfAbsent(document + "\t" + rule, number);
            if (earlier != null) {
                problems.add(file + ":" + number + ": " + document + " is already labelled for " + rule
                        + " at line " + earlier + "; this line is ignored, keep one of the two");
                continue;
            }
            String reason = fields.length == 4 ? fields[3].strip() : "";
            labels.add(new Label(document, rule, verdict.equals("yes"), reason, number));
        }
        return new Result(file, labels, problems);
    }
}
