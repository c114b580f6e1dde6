package io.newswatch.config;





import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML file read as a node tree with positions, so every later complaint about its content can
 * name a line and column. Only composes (never constructs objects), so YAML tags cannot
 * instantiate anything, and anchors are limited.
 */
public final class YamlSource {
    /** Rule files are small; anything bigger is a mistake (a data file dropped in the wrong folder). */
    static final int MAX_BYTES = 1 << 20;

    private final Path file;
    private final List<String> lines;
    private final Node root;

    private YamlSource(Path file, List<String> lines, Node root) {
        this.file = file;
        this.lines = lines;
        this.root = root;
    }

    public static YamlSource read(Path file) throws RuleFileException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new RuleFileException(new RuleProblem(file, 1, 1,
                        "file is larger than " + (MAX_BYTES >> 10) + " KiB; rule files are small YAML texts, move data files elsewhere"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RuleFileException(new RuleProblem(file, 1, 1, "file does not exist"));
        } catch (IOException e) {
            throw new RuleFileException(new RuleProblem(file, 1, 1,
                    "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check its permissions"));
        }
        return parse(file, bytes);
    }

    public static YamlSource parse(Path file, byte[] bytes) throws RuleFileException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new RuleFileException(problemAtByte(file, bytes, i,
                        "binary content (NUL byte); rule files are UTF-8 YAML text"));
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RuleFileException(new RuleProblem(file, 1, 1, "not UTF-8 text; save the file as UTF-8"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = text.lines().toList();
        if (text.isBlank() || lines.stream().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
            throw new RuleFileException(new RuleProblem(file, 1, 1,
                    "empty file; write a rule in it (see docs/rules.md) or delete it"));
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setUseMarks(true)
                .setMaxAliasesForCollections(10)
                .setAllowRecursiveKeys(false)
                .build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty()) {
                throw new RuleFileException(new RuleProblem(file, 1, 1, "empty file; write a rule in it (see docs/rules.md) or delete it"));
            }
            return new YamlSource(file, lines, root.get());
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String what = e.getProblem() == null ? "YAML syntax error" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            return fail(file, mark, "YAML syntax error: " + what + context + "; fix the YAML (indentation, quotes, colons)");
        } catch (YamlEngineException e) {
            throw new RuleFileException(new RuleProblem(file, 1, 1, "YAML error: " + e.getMessage()));
        }
    }

    private static YamlSource fail(Path file, Mark mark, String message) throws RuleFileException {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        throw new RuleFileException(new RuleProblem(file, line, column, message));
    }

    private static RuleProblem problemAtByte(Path file, byte[] bytes, int index, String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new RuleProblem(file, line, column, message);
    }

    public Path file() {
        return file;
    }

    public Node root() {
        return root;
    }

    public RuleProblem at(Node node, String message) {
        var mark = node.getStartMark();
        return new RuleProblem(file, mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1), message);
    }

    public ScalarLocation locate(ScalarNode node) {
        return ScalarLocation.of(file, node, lines);
    }

    /** The entries of a mapping, complaining about duplicate keys and non-scalar keys. */
    public List<NodeTuple> entries(Node node, String what, List<RuleProblem> problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(at(node, what + " must be a mapping of `key: value` lines"));
            return List.of();
        }
        List<NodeTuple> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(at(tuple.getKeyNode(), "keys must be plain words"));
                continue;
            }
            if (!seen.add(key.getValue())) {
                problems.add(at(key, "duplicate key \"" + key.getValue() + "\"; keep only one"));
                continue;
            }
            entries.add(tuple);
        }
        return entries;
    }

    public static String key(NodeTuple tuple) {
        return ((ScalarNode) tuple.getKeyNode()).getValue();
    }

    /** A string value, or a problem saying a string was expected. */
    public Optional<ScalarNode> string(NodeTuple tuple, List<RuleProblem> problems) {
        if (tuple.getValueNode() instanceof ScalarNode scalar) {
            return Optional.of(scalar);
        }
        problems.add(at(tuple.getValueNode(), "\"" + key(tuple) + "\" must be a single text value"));
        return Optional.empty();
    }

    /** A list of strings (a single string is accepted as a one-item list). */
    public List<ScalarNode> strings(NodeTuple tuple, List<RuleProblem> problems) {
        Node value = tuple.getValueNode();
        if (value instanceof ScalarNode scalar) {
            return scalar.getValue().isEmpty() ? List.of() : List.of(scalar);
        }
        if (!(value instanceof SequenceNode sequence)) {
            problems.add(at(value, "\"" + key(tuple) + "\" must be a list of texts, one `- item` per line"));
            return List.of();
        }
        List<ScalarNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar) {
                items.add(scalar);
            } else {
                problems.add(at(item, "each item of \"" + key(tuple) + "\" must be a text"));
            }
        }
        return items;
    }
}
