package io.newswatch.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code rules/_aliases.yml}: {@code name: [entry, entry, ...]}. A bad group is reported
 * and skipped; the good groups still load, so one typo does not disable every rule.
 */
public final class AliasesFile {
    public static final String FILE_NAME = "_aliases.yml";
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private AliasesFile() {}

    /** The aliases and the problems found; a missing file means no aliases and no problem. */
    public record Result(Aliases aliases, List<RuleProblem> problems) {}

    public static Result load(Path rulesDir) {
        Path file = rulesDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new Result(Aliases.NONE, List.of());
        }
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        try {
            YamlSource yaml = YamlSource.read(file);
            for (NodeTuple entry : yaml.entries(yaml.root(), "the aliases file", problems)) {
                String name = YamlSource.key(entry);
                if (!NAME.matcher(name).matches()) {
                    problems.add(yaml.at(entry.getKeyNode(), "alias name \"" + name
                            + "\" must start with a letter and use only letters, digits and '_' (it is written @" + name + " in queries)"));
                    continue;
                }
                List<ScalarNode> values = yaml.strings(entry, problems);
                List<String> words = new ArrayList<>();
                for (ScalarNode value : values) {
                    String text = value.getValue().strip();
                    if (text.isEmpty() || text.matches(".*[()\"@].*") || text.startsWith("*")) {
                        problems.add(yaml.at(value, "alias entry \"" + text
                                + "\" must be a word, a phrase of words, or a word ending in *; no quotes, parentheses or @"));
                    } else {
                        words.add(text);
                    }
                }
                if (words.isEmpty()) {
                    problems.add(yaml.at(entry.getKeyNode(), "alias \"" + name + "\" has no usable entries; list at least one word or phrase"));
                } else {
                    groups.put(name, List.copyOf(words));
                }
            }
        } catch (RuleFileException e) {
            problems.addAll(e.problems());
        }
        return new Result(new Aliases(groups), problems);
    }
}
