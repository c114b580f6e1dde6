package io.newswatch.matching;

import io.newswatch.rules.Aliases;

import io.newswatch.config.InvalidFileException;

import io.newswatch.config.FileProblem;

import io.newswatch.config.YamlSource;

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
 * Reads {@code rules/_aliases.yml}: {@code name: [entry, entry, ...]}. Each entry is checked by the
 * compiler that will use it. A bad entry or group is reported and skipped; the good groups still load, so one typo does not disable every rule.
 */
public final class AliasesFile {
    public static final String FILE_NAME = "_aliases.yml";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private AliasesFile() {}

    /** The aliases and the problems found; a missing file means no aliases and no problem. */
    public record Result(Aliases aliases, List<FileProblem> problems) {}

    public static Result load(Path rulesDir) {
        Path file = rulesDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new Result(Aliases.NONE, List.of());
        }
        List<FileProblem> problems = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        try {
            YamlSource yaml = YamlSource.read(file);
            for (NodeTuple entry : yaml.entries(yaml.root(), "the aliases file", problems)) {
                String name = YamlSource.key(entry);
                if (!NAME.matcher(name).matches()) {
                    problems.add(yaml.at(entry.getKeyNode(), "alias name \"" + name
                            + "\" must use only letters, digits, '_' and '-' (it is written @" + name + " in queries)"));
                    continue;
                }
                List<ScalarNode> values = yaml.strings(entry, problems);
                List<String> words = new ArrayList<>();
                for (ScalarNode value : values) {
                    String text = value.getValue().strip();
                    List<String> entryProblems = new RuleCompiler(new Aliases(Map.of(name, List.of(text)))).aliasProblems();
                    if (text.isEmpty() || !entryProblems.isEmpty()) {
                        problems.add(yaml.at(value, "alias entry \"" + text + "\": "
                                + (entryProblems.isEmpty() ? "empty" : entryProblems.get(0))
                                + "; use a word, words in order, a word ending in *, or a \"quoted phrase\""));
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
        } catch (InvalidFileException e) {
            problems.addAll(e.problems());
        } catch (Throwable unexpected) { // deliberately everything: an alias file must not stop the rules loading
            problems.add(FileProblem.unexpected(file, "reading the aliases", unexpected));
        }
        return new Result(new Aliases(groups), problems);
    }
}
