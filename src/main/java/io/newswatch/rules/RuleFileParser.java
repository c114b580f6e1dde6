package io.newswatch.rules;

import io.newswatch.broker.Topics;

import io.newswatch.config.InvalidFileException;

import io.newswatch.config.FileProblem;

import io.newswatch.config.YamlSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Turns one {@code rules/<id>.yml} into a {@link RuleSource}, collecting every problem in the file
 * (unknown fields, missing ones, bad values) rather than stopping at the first, so an operator
 * fixes a file in one pass.
 */
public final class RuleFileParser {
    static final List<String> FIELDS = List.of("id", "title", "description", "severity", "query", "topic", "notify", "examples", "classifier", "backfill");
    static final List<String> CLASSIFIER_FIELDS = List.of("file", "labels", "docs", "mode", "threshold");
    static final List<String> EXAMPLE_FIELDS = List.of("match", "no_match");
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,99}");
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    static final Pattern SPAN = Pattern.compile("(\\d{1,6})\\s*([mhdw])");
    /** The shortest and the longest {@code backfill:} window. */
    public static final Duration MIN_BACKFILL = Duration.ofMinutes(1);
    public static final Duration MAX_BACKFILL = Duration.ofDays(30);

    private RuleFileParser() {}

    /** {@link #parse(YamlSource, Topics)} with the default topic names. */
    public static RuleSource parse(YamlSource yaml) throws InvalidFileException {
        return parse(yaml, Topics.DEFAULTS);
    }

    /** Parses a rule file; {@code topics} says which topic names are newswatch's own and so not a rule's to use. */
    public static RuleSource parse(YamlSource yaml, Topics topics) throws InvalidFileException {
        List<FileProblem> problems = new ArrayList<>();
        Map<String, ScalarNode> scalars = new HashMap<>();
        List<ScalarNode> notify = List.of();
        List<RuleSource.Example> examples = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        List<String> noMatches = new ArrayList<>();
        Optional<ClassifierSpec> classifier = Optional.empty();

        for (NodeTuple entry : yaml.entries(yaml.root(), "a rule file", problems)) {
            String key = YamlSource.key(entry);
            switch (key) {
                case "notify" -> notify = yaml.strings(entry, problems);
                case "examples" -> readExamples(yaml, entry, examples, matches, noMatches, problems);
                case "classifier" -> classifier = readClassifier(yaml, entry, problems);
                default -> {
                    if (FIELDS.contains(key)) {
                        yaml.string(entry, problems).ifPresent(s -> scalars.put(key, s));
                    } else {
                        problems.add(yaml.at(entry.getKeyNode(), unknown("field", key, FIELDS)));
                    }
                }
            }
        }
        for (String required : List.of("id", "title", "severity", "query")) {
            if (!scalars.containsKey(required) || scalars.get(required).getValue().isBlank()) {
                problems.add(scalars.containsKey(required)
                        ? yaml.at(scalars.get(required), "\"" + required + "\" is empty")
                        : new FileProblem(yaml.file(), 1, 1, "missing required field \"" + required + "\""));
            }
        }
        String id = value(scalars, "id");
        if (id != null && !id.isBlank()) {
            if (!ID.matcher(id).matches()) {
                problems.add(yaml.at(scalars.get("id"), "id \"" + id + "\" must be lower-case letters, digits, '-' or '_' (it names Kafka topics)"));
            }
            String expected = fileStem(yaml.file());
            if (!id.equals(expected)) {
                problems.add(yaml.at(scalars.get("id"), "id \"" + id + "\" does not match the file name; rename the file to " + id + ".yml or set id: " + expected));
            }
        }
        Severity severity = null;
        String severityText = value(scalars, "severity");
        if (severityText != null && !severityText.isBlank()) {
            try {
                severity = Severity.valueOf(severityText.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(yaml.at(scalars.get("severity"), "unknown severity \"" + severityText + "\"; use one of "
                        + String.join(", ", Arrays.stream(Severity.values()).map(Severity::label).toList())));
            }
        }
        String topic = value(scalars, "topic");
        if (topic != null && (!TOPIC.matcher(topic).matches() || Topics.illegalReason(topic).isPresent())) {
            problems.add(yaml.at(scalars.get("topic"), "topic \"" + topic + "\" is not a valid Kafka topic name ("
                    + Topics.illegalReason(topic).orElse("letters, digits, '.', '_', '-'") + "); use at most 249 letters, digits, '.', '_' and '-', not just \".\" or \"..\""));
        } else if (topic != null && topics.reservedReason(topic).isPresent()) {
            problems.add(yaml.at(scalars.get("topic"), "topic \"" + topic + "\" is reserved (" + topics.reservedReason(topic).get()
                    + "); leave topic out to use " + Topics.ruleTopic(id == null ? "<id>" : id) + ", or name a topic of your own"));
        }
        Duration backfill = scalars.containsKey("backfill") ? backfill(yaml, scalars.get("backfill"), problems) : null;
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems);
        }
        Rule rule = new Rule(
                id,
                value(scalars, "title").strip(),
                value(scalars, "description") == null ? "" : value(scalars, "description").strip(),
                severity,
                value(scalars, "query"),
                topic == null ? Rule.defaultTopic(id) : topic,
                notify.stream().map(ScalarNode::getValue).map(String::strip).toList(),
                matches,
                noMatches,
                yaml.file(),
                backfill);
        return new RuleSource(rule, yaml.locate(scalars.get("query")), notify.stream().map(yaml::locate).toList(), examples, classifier);
    }

    /** The {@code backfill:} window: a number and a unit (m, h, d, w), between {@link #MIN_BACKFILL} and {@link #MAX_BACKFILL}. */
    private static Duration backfill(YamlSource yaml, ScalarNode node, List<FileProblem> problems) {
        String text = node.getValue().strip().toLowerCase(Locale.ROOT);
        var m = SPAN.matcher(text);
        if (!m.matches()) {
            problems.add(yaml.at(node, "backfill \"" + node.getValue() + "\" is not a time span; write a number and a unit: "
                    + "m (minutes), h (hours), d (days) or w (weeks), e.g. backfill: 24h"));
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration span = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (span.compareTo(MIN_BACKFILL) < 0 || span.compareTo(MAX_BACKFILL) > 0) {
            problems.add(yaml.at(node, "backfill " + node.getValue().strip() + " is out of range; use between 1m and 30d "
                    + "(the archive keeps documents for NEWSWATCH_ARCHIVE_RETENTION, 30d by default)"));
            return null;
        }
        return span;
    }

    private static void readExamples(YamlSource yaml, NodeTuple entry, List<RuleSource.Example> examples,
                                     List<String> matches, List<String> noMatches, List<FileProblem> problems) {
        for (NodeTuple kind : yaml.entries(entry.getValueNode(), "\"examples\"", problems)) {
            String key = YamlSource.key(kind);
            if (!EXAMPLE_FIELDS.contains(key)) {
                problems.add(yaml.at(kind.getKeyNode(), unknown("examples field", key, EXAMPLE_FIELDS)));
                continue;
            }
            boolean shouldMatch = key.equals("match");
            for (ScalarNode text : yaml.strings(kind, problems)) {
                if (text.getValue().isBlank()) {
                    problems.add(yaml.at(text, "empty example; write a news sentence or remove the item"));
                    continue;
                }
                examples.add(new RuleSource.Example(text.getValue(), shouldMatch, yaml.locate(text)));
                (shouldMatch ? matches : noMatches).add(text.getValue());
            }
        }
    }

    /**
     * {@code classifier: {labels: FILE, docs: DIR, mode: filter, threshold: 0.5}}; paths are
     * relative to the rule file's folder. Whether the files exist is not checked here: a missing
     * labels file makes the rule run on its query alone, said once when it loads.
     */
    private static Optional<ClassifierSpec> readClassifier(YamlSource yaml, NodeTuple entry, List<FileProblem> problems) {
        int before = problems.size();
        Map<String, ScalarNode> values = new HashMap<>();
        for (NodeTuple field : yaml.entries(entry.getValueNode(), "\"classifier\"", problems)) {
            String key = YamlSource.key(field);
            if (!CLASSIFIER_FIELDS.contains(key)) {
                problems.add(yaml.at(field.getKeyNode(), unknown("classifier field", key, CLASSIFIER_FIELDS)));
                continue;
            }
            yaml.string(field, problems).ifPresent(s -> values.put(key, s));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Path folder = yaml.file().toAbsolutePath().getParent();
        ScalarNode file = values.get("file");
        ScalarNode labels = values.get("labels");
        if (file != null) {
            return readWeightsFile(yaml, folder, file, values, problems);
        }
        if (labels == null || labels.getValue().isBlank()) {
            problems.add(labels == null
                    ? yaml.at(entry.getKeyNode(), "classifier needs \"file\" (a weights file written by train-classifier) or \"labels\" "
                            + "(a labels file to train on at load), relative to the rules directory")
                    : yaml.at(labels, "classifier \"labels\" is empty; name the labels file, relative to the rules directory"));
        }
        ScalarNode docs = values.get("docs");
        if (docs != null && docs.getValue().isBlank()) {
            problems.add(yaml.at(docs, "classifier \"docs\" is empty; name the documents folder or leave the key out"));
        }
        ScalarNode mode = values.get("mode");
        if (mode != null && !mode.getValue().strip().equals("filter")) {
            problems.add(yaml.at(mode, "classifier mode \"" + mode.getValue() + "\" is not supported; use filter (the classifier "
                    + "keeps or drops the query's matches) or leave mode out"));
        }
        double threshold = ClassifierSpec.DEFAULT_THRESHOLD;
        ScalarNode thresholdNode = values.get("threshold");
        if (thresholdNode != null) {
            try {
                threshold = Double.parseDouble(thresholdNode.getValue().strip());
                if (!(threshold > 0 && threshold < 1)) {
                    problems.add(yaml.at(thresholdNode, "classifier threshold " + thresholdNode.getValue()
                            + " is out of range; use a number between 0 and 1, such as 0.5"));
                }
            } catch (NumberFormatException e) {
                problems.add(yaml.at(thresholdNode, "classifier threshold \"" + thresholdNode.getValue()
                        + "\" is not a number; use a number between 0 and 1, such as 0.5"));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Path labelsFile = folder.resolve(labels.getValue().strip()).normalize();
        Path docsFolder = docs == null ? labelsFile.getParent() : folder.resolve(docs.getValue().strip()).normalize();
        return Optional.of(new ClassifierSpec(labelsFile, docsFolder, threshold, yaml.locate(labels)));
    }

    /**
     * {@code classifier: {file: WEIGHTS, threshold: 0.5}}: a model trained by {@code train-classifier},
     * read and checked now, so a missing or broken weights file keeps the rule from loading (its last
     * good version stays in force) with the weights file's own line and column.
     */
    private static Optional<ClassifierSpec> readWeightsFile(YamlSource yaml, Path folder, ScalarNode file,
                                                            Map<String, ScalarNode> values, List<FileProblem> problems) {
        int before = problems.size();
        for (String other : List.of("labels", "docs")) {
            if (values.containsKey(other)) {
                problems.add(yaml.at(values.get(other), "classifier \"" + other + "\" does not go with \"file\": a weights file is "
                        + "trained beforehand (train-classifier); keep one of the two"));
            }
        }
        if (file.getValue().isBlank()) {
            problems.add(yaml.at(file, "classifier \"file\" is empty; name the weights file, relative to the rules directory"));
        }
        ScalarNode mode = values.get("mode");
        if (mode != null && !mode.getValue().strip().equals("filter")) {
            problems.add(yaml.at(mode, "classifier mode \"" + mode.getValue() + "\" is not supported; use filter (the classifier "
                    + "keeps or drops the query's matches) or leave mode out"));
        }
        Double threshold = null;
        ScalarNode thresholdNode = values.get("threshold");
        if (thresholdNode != null) {
            threshold = threshold(yaml, thresholdNode, problems);
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Path weightsFile = folder.resolve(file.getValue().strip()).normalize();
        if (!java.nio.file.Files.isRegularFile(weightsFile)) {
            problems.add(yaml.at(file, "classifier weights file " + weightsFile + " does not exist; write it with "
                    + "train-classifier (docs/rule-files.md) or remove the classifier block"));
            return Optional.empty();
        }
        ClassifierWeights weights;
        try {
            weights = ClassifierWeightsFile.read(weightsFile);
        } catch (io.newswatch.config.InvalidFileException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
        return Optional.of(new ClassifierSpec(null, null, Optional.of(weights),
                threshold == null ? weights.threshold() : threshold, yaml.locate(file)));
    }

    private static Double threshold(YamlSource yaml, ScalarNode node, List<FileProblem> problems) {
        try {
            double threshold = Double.parseDouble(node.getValue().strip());
            if (threshold > 0 && threshold < 1) {
                return threshold;
            }
            problems.add(yaml.at(node, "classifier threshold " + node.getValue() + " is out of range; use a number between 0 and 1, such as 0.5"));
        } catch (NumberFormatException e) {
            problems.add(yaml.at(node, "classifier threshold \"" + node.getValue() + "\" is not a number; use a number between 0 and 1, such as 0.5"));
        }
        return null;
    }

    static String unknown(String what, String key, List<String> allowed) {
        String suggestion = allowed.stream()
                .filter(a -> editDistance(a, key.toLowerCase(Locale.ROOT)) <= 2)
                .findFirst()
                .map(a -> "did you mean \"" + a + "\"? ")
                .orElse("");
        return "unknown " + what + " \"" + key + "\"; " + suggestion + "allowed: " + String.join(", ", allowed);
    }

    /** Levenshtein distance, for "did you mean" suggestions. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String value(Map<String, ScalarNode> scalars, String key) {
        ScalarNode node = scalars.get(key);
        return node == null ? null : node.getValue();
    }

    static String fileStem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
