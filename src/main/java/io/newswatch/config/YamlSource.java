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
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * An operator's YAML file (a rule file, {@code _aliases.yml}, {@code _recipients.yml}, the feed
 * list) read as a node tree with positions, so every later complaint about its content can name a
 * line and column. Only composes (never constructs objects), so YAML tags cannot instantiate
 * anything, and anchors are limited. Every reader reports problems as {@link FileProblem}s and
 * collects them all before giving up, through {@link InvalidFileException}.
 */
public final class YamlSource {
    /** Rule, alias and recipients files are small; anything bigger is a mistake (a data file dropped in the wrong folder). */
    public static final int MAX_BYTES = 1 << 20;

    /**
     * Deepest nesting of lists and mappings. The files read here are two or three levels deep;
     * the YAML composer recurses once per level, so without a limit a file of nested brackets
     * would exhaust the stack.
     */
    static final int MAX_NESTING = 20;

    private final Path file;
    private final List<String> lines;
    private final Node root;

    private YamlSource(Path file, List<String> lines, Node root) {
        this.file = file;
        this.lines = lines;
        this.root = root;
    }

    /** A rule or alias file: it must exist and hold a document. */
    public static YamlSource read(Path file) throws InvalidFileException {
        return parse(file, bytes(file, MAX_BYTES));
    }

    /** A rule or alias file's content: it must hold a document. */
    public static YamlSource parse(Path file, byte[] bytes) throws InvalidFileException {
        return parseDocument(file, bytes).orElseThrow(() -> new InvalidFileException(new FileProblem(file, 1, 1,
                "empty file; write a rule in it (see docs/rules.md) or delete it")));
    }

    /**
     * A file that may be empty or hold only comments (the recipients file, the feed list): empty
     * when it has no YAML document. The caller decides what a missing file means.
     */
    public static Optional<YamlSource> readDocument(Path file, int maxBytes) throws InvalidFileException {
        return parseDocument(file, bytes(file, maxBytes));
    }

    private static byte[] bytes(Path file, int maxBytes) throws InvalidFileException {
        try {
            if (Files.size(file) > maxBytes) {
                throw new InvalidFileException(new FileProblem(file, 1, 1,
                        "file is larger than " + (maxBytes >> 10) + " KiB; this is a small YAML text, move data files elsewhere"));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidFileException(new FileProblem(file, 1, 1, "file does not exist"));
        } catch (IOException e) {
            throw new InvalidFileException(new FileProblem(file, 1, 1,
                    "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check its permissions"));
        }
    }

    /** As {@link #readDocument}, for content already in memory; {@code file} names it in problems. */
    public static Optional<YamlSource> parseDocument(Path file, byte[] bytes) throws InvalidFileException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new InvalidFileException(problemAtByte(file, bytes, i,
                        "binary content (NUL byte); this file must be UTF-8 YAML text"));
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
            throw new InvalidFileException(new FileProblem(file, 1, 1, "not UTF-8 text; save the file as UTF-8"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = text.lines().toList();
        if (text.isBlank() || lines.stream().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setUseMarks(true)
                .setMaxAliasesForCollections(10)
                .setAllowRecursiveKeys(false)
                .setCodePointLimit(Math.max(bytes.length, 1) + 16)
                .build();
        try {
            checkNesting(file, settings, text);
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> root = composer.getSingleNode();
            if (root.isEmpty() || (root.get() instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()))) {
                return Optional.empty();
            }
            return Optional.of(new YamlSource(file, lines, root.get()));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String what = e.getProblem() == null ? "YAML syntax error" : e.getProblem();
            if (RESERVED_START.matcher(what).find()) {
                char c = what.charAt(what.indexOf('\'') + 1);
                return fail(file, mark, "a YAML value cannot start with " + c + " unquoted; put the whole value in single quotes,"
                        + " as in query: '" + c + "north_korea AND troops', or write it on the next lines after query: >");
            }
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            return fail(file, mark, "YAML syntax error: " + what + context + "; fix the YAML (indentation, quotes, colons)");
        } catch (YamlEngineException e) {
            throw new InvalidFileException(new FileProblem(file, 1, 1, "YAML error: " + e.getMessage()));
        }
    }

    /** Walks the parser's events (no recursion) and refuses nesting deeper than {@link #MAX_NESTING}. */
    private static void checkNesting(Path file, LoadSettings settings, String text) throws InvalidFileException {
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
        int depth = 0;
        while (parser.hasNext()) {
            Event event = parser.next();
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_NESTING) {
                        fail(file, event.getStartMark().orElse(null), "lists and mappings nested more than " + MAX_NESTING
                                + " levels deep; these files are a few levels deep at most, check the brackets and indentation");
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> { }
            }
        }
    }

    /** SnakeYAML's words for a value starting with a reserved indicator ({@code @} or a backtick). */
    private static final Pattern RESERVED_START = Pattern.compile("found character '[@`]' that cannot start any token");

    private static Optional<YamlSource> fail(Path file, Mark mark, String message) throws InvalidFileException {
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        throw new InvalidFileException(new FileProblem(file, line, column, message));
    }

    private static FileProblem problemAtByte(Path file, byte[] bytes, int index, String message) {
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
        return new FileProblem(file, line, column, message);
    }

    public Path file() {
        return file;
    }

    public Node root() {
        return root;
    }

    public FileProblem at(Node node, String message) {
        var mark = node.getStartMark();
        return new FileProblem(file, mark.map(m -> m.getLine() + 1).orElse(1), mark.map(m -> m.getColumn() + 1).orElse(1), message);
    }

    public ScalarLocation locate(ScalarNode node) {
        return ScalarLocation.of(file, node, lines);
    }

    /** The entries of a mapping, complaining about duplicate keys and non-scalar keys. */
    public List<NodeTuple> entries(Node node, String what, List<FileProblem> problems) {
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
    public Optional<ScalarNode> string(NodeTuple tuple, List<FileProblem> problems) {
        if (tuple.getValueNode() instanceof ScalarNode scalar) {
            return Optional.of(scalar);
        }
        problems.add(at(tuple.getValueNode(), "\"" + key(tuple) + "\" must be a single text value"));
        return Optional.empty();
    }

    /** A list of strings (a single string is accepted as a one-item list). */
    public List<ScalarNode> strings(NodeTuple tuple, List<FileProblem> problems) {
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
