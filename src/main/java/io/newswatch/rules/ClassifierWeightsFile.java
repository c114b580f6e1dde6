package io.newswatch.rules;

import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.YamlSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a classifier weights file ({@code train-classifier} writes it; JSON, read as the YAML it also
 * is, so every problem has a line and column):
 *
 * <pre>
 * {"format": "newswatch-classifier 1", "rule": "treaty", "features": "all-minilm-l6-v2-q passages",
 *  "pooling": "max", "threshold": 0.5, "bias": -1.2, "weights": [384 numbers], "training": {...}}
 * </pre>
 *
 * The file is untrusted input: a missing file, bad JSON, an unknown format or feature kind, a
 * weight count other than {@value ClassifierWeights#DIMENSIONS}, a value that is not a finite number
 * are all {@code file:line:col} problems, and the rule that names the file does not load (its last
 * good version stays in force).
 */
public final class ClassifierWeightsFile {
    /** The format this version reads and writes. */
    public static final String FORMAT = "newswatch-classifier 1";
    static final List<String> FIELDS = List.of("format", "rule", "features", "pooling", "threshold", "bias", "weights", "training");
    private static final List<String> REQUIRED = List.of("format", "features", "pooling", "bias", "weights");

    private ClassifierWeightsFile() {}

    public static ClassifierWeights read(Path file) throws InvalidFileException {
        YamlSource yaml;
        try {
            yaml = YamlSource.read(file);
        } catch (InvalidFileException e) { // the file is JSON: say so, not YAML
            throw new InvalidFileException(e.problems().stream().map(p -> new FileProblem(p.file(), p.line(), p.column(),
                    p.message().replace("YAML syntax error", "syntax error").replace("; fix the YAML (indentation, quotes, colons)",
                            "; this is a JSON file written by train-classifier: write it again rather than edit it"))).toList());
        }
        List<FileProblem> problems = new ArrayList<>();
        Map<String, NodeTuple> fields = new HashMap<>();
        for (NodeTuple tuple : yaml.entries(yaml.root(), "a classifier weights file", problems)) {
            String key = YamlSource.key(tuple);
            if (!FIELDS.contains(key)) {
                problems.add(yaml.at(tuple.getKeyNode(), RuleFileParser.unknown("weights-file field", key, FIELDS)));
            } else {
                fields.put(key, tuple);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems);
        }
        for (String key : REQUIRED) {
            if (!fields.containsKey(key)) {
                problems.add(yaml.at(yaml.root(), "classifier weights file has no \"" + key
                        + "\"; write it with train-classifier (docs/rule-files.md)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems);
        }
        String format = text(yaml, fields.get("format"), problems);
        if (format != null && !format.equals(FORMAT)) {
            problems.add(yaml.at(fields.get("format").getValueNode(), "format \"" + format + "\" is not supported; this version reads \""
                    + FORMAT + "\": retrain with train-classifier"));
        }
        String features = text(yaml, fields.get("features"), problems);
        if (features != null && !features.equals(ClassifierWeights.FEATURES)) {
            problems.add(yaml.at(fields.get("features").getValueNode(), "features \"" + features + "\" are not supported; use \""
                    + ClassifierWeights.FEATURES + "\" (retrain with train-classifier)"));
        }
        String pooling = text(yaml, fields.get("pooling"), problems);
        if (pooling != null && !ClassifierWeights.POOLINGS.contains(pooling)) {
            problems.add(yaml.at(fields.get("pooling").getValueNode(), "pooling \"" + pooling + "\" is not supported; use one of "
                    + String.join(", ", ClassifierWeights.POOLINGS)));
        }
        double bias = number(yaml, fields.get("bias").getValueNode(), "bias", problems);
        double threshold = 0.5;
        if (fields.containsKey("threshold")) {
            Node node = fields.get("threshold").getValueNode();
            threshold = number(yaml, node, "threshold", problems);
            if (!Double.isNaN(threshold) && !(threshold > 0 && threshold < 1)) {
                problems.add(yaml.at(node, "threshold " + threshold + " is out of range; use a number between 0 and 1"));
            }
        }
        double[] weights = weights(yaml, fields.get("weights"), problems);
        String trainedOn = fields.containsKey("training") ? training(fields.get("training").getValueNode()) : "no training record";
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems);
        }
        return new ClassifierWeights(file, features, pooling, weights, bias, threshold, trainedOn);
    }

    /**
     * The file's text: one field per line, the weights one per line, numbers as Java writes a double
     * (shortest exact form), so the same model gives the same bytes. {@code training} values are
     * written as they are given (numbers) or quoted (text).
     */
    public static String write(String rule, String pooling, double threshold, double bias, double[] weights,
                               SequencedMap<String, Object> training) {
        StringBuilder out = new StringBuilder();
        out.append("{\n");
        out.append("  \"format\": ").append(quote(FORMAT)).append(",\n");
        out.append("  \"rule\": ").append(quote(rule)).append(",\n");
        out.append("  \"features\": ").append(quote(ClassifierWeights.FEATURES)).append(",\n");
        out.append("  \"pooling\": ").append(quote(pooling)).append(",\n");
        out.append("  \"threshold\": ").append(threshold).append(",\n");
        out.append("  \"training\": {");
        int i = 0;
        for (var entry : training.entrySet()) {
            out.append(i++ == 0 ? "\n" : ",\n").append("    ").append(quote(entry.getKey())).append(": ")
                    .append(entry.getValue() instanceof Number n ? n.toString() : quote(String.valueOf(entry.getValue())));
        }
        out.append("\n  },\n");
        out.append("  \"bias\": ").append(bias).append(",\n");
        out.append("  \"weights\": [");
        for (int w = 0; w < weights.length; w++) {
            out.append(w == 0 ? "\n    " : ",\n    ").append(weights[w]);
        }
        out.append("\n  ]\n}\n");
        return out.toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String text(YamlSource yaml, NodeTuple tuple, List<FileProblem> problems) {
        return yaml.string(tuple, problems).map(s -> s.getValue().strip()).orElse(null);
    }

    private static double number(YamlSource yaml, Node node, String what, List<FileProblem> problems) {
        if (node instanceof ScalarNode scalar) {
            try {
                double value = Double.parseDouble(scalar.getValue().strip());
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(yaml.at(node, what + " \"" + scalar.getValue() + "\" is not a finite number"));
        } else {
            problems.add(yaml.at(node, what + " must be a number"));
        }
        return Double.NaN;
    }

    private static double[] weights(YamlSource yaml, NodeTuple tuple, List<FileProblem> problems) {
        Node value = tuple.getValueNode();
        if (!(value instanceof SequenceNode sequence)) {
            problems.add(yaml.at(value, "\"weights\" must be a list of " + ClassifierWeights.DIMENSIONS + " numbers"));
            return new double[0];
        }
        List<Node> items = sequence.getValue();
        if (items.size() != ClassifierWeights.DIMENSIONS) {
            problems.add(yaml.at(value, String.format(Locale.ROOT, "\"weights\" holds %d number(s); the model's vectors have %d dimensions: "
                    + "retrain with train-classifier", items.size(), ClassifierWeights.DIMENSIONS)));
            return new double[0];
        }
        double[] weights = new double[items.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = number(yaml, items.get(i), "weight " + (i + 1), problems);
        }
        return weights;
    }

    /** The training record, flattened to one line ("labels ..., split dev, ..."). */
    private static String training(Node node) {
        if (!(node instanceof org.snakeyaml.engine.v2.nodes.MappingNode mapping)) {
            return "training record unreadable";
        }
        List<String> parts = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && tuple.getValueNode() instanceof ScalarNode value) {
                parts.add(key.getValue() + " " + value.getValue());
            }
        }
        return String.join(", ", parts);
    }
}
