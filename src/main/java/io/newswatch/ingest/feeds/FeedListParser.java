package io.newswatch.ingest.feeds;

import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.YamlSource;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the operator's feed list: YAML ({@code feeds: [{url, name, interval, language}]}, read
 * through {@link YamlSource} like the rule and recipients files) or an OPML export from a feed
 * reader. Every problem is reported as {@code file:line:col: message}, all of them at once; a file
 * with any problem is rejected as a whole, because a half-applied list would silently stop polling
 * the feeds after the mistake.
 */
public final class FeedListParser {
    /** Feed lists can be long (thousands of feeds); still a text an operator writes. */
    static final int MAX_BYTES = 10 << 20;
    private static final Set<String> KEYS = Set.of("url", "name", "interval", "language");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern LANGUAGE = Pattern.compile("([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*");

    /** Reads and parses the file; OPML when it looks like XML, YAML otherwise. */
    public List<FeedSpec> parse(Path file) throws InvalidFileException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidFileException(new FileProblem(file, 1, 1, "file is larger than " + (MAX_BYTES >> 20)
                        + " MiB; split the feed list or remove entries"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidFileException(new FileProblem(file, 1, 1, "cannot read the feeds file (" + e + "); check its permissions"));
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    public List<FeedSpec> parse(String text, String fileName) throws InvalidFileException {
        String start = text.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        boolean xml = start.startsWith("<") || fileName.toLowerCase(Locale.ROOT).endsWith(".opml");
        return xml ? parseOpml(text, fileName) : parseYaml(text, fileName);
    }

    List<FeedSpec> parseYaml(String text, String fileName) throws InvalidFileException {
        Path file = Path.of(fileName);
        Optional<YamlSource> source = YamlSource.parseDocument(file, text.getBytes(StandardCharsets.UTF_8));
        if (source.isEmpty()) {
            return List.of();
        }
        YamlSource yaml = source.get();
        List<FileProblem> problems = new ArrayList<>();
        Node node = yaml.root();
        Node list = node;
        if (node instanceof MappingNode) {
            list = null;
            for (NodeTuple tuple : yaml.entries(node, "the feeds file", problems)) {
                String key = YamlSource.key(tuple);
                if (key.equals("feeds")) {
                    list = tuple.getValueNode();
                } else {
                    problems.add(yaml.at(tuple.getKeyNode(), "unknown top-level key '" + key
                            + "' (the file holds one key, 'feeds', with a list of feeds)"));
                }
            }
            if (list == null || isNull(list)) {
                return result(List.of(), problems);
            }
        }
        if (!(list instanceof SequenceNode sequence)) {
            problems.add(yaml.at(list, "'feeds' must be a list of entries like '- url: https://example.org/rss'"));
            return result(List.of(), problems);
        }
        List<FeedSpec> feeds = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (Node entry : sequence.getValue()) {
            yamlEntry(entry, yaml, lines, problems).ifPresent(feeds::add);
        }
        return result(feeds, problems);
    }

    /** True the first time {@code url} is listed; a problem at {@code entry} the next times. */
    private static boolean once(String url, Node entry, YamlSource yaml, Map<String, Integer> lines, List<FileProblem> problems) {
        Integer previous = lines.putIfAbsent(url, line(entry));
        if (previous != null) {
            problems.add(yaml.at(entry, "feed " + url + " is already listed at line " + previous + "; list each feed once"));
            return false;
        }
        return true;
    }

    /** The feeds, or every problem in file order. */
    private static List<FeedSpec> result(List<FeedSpec> feeds, List<FileProblem> problems) throws InvalidFileException {
        if (!problems.isEmpty()) {
            List<FileProblem> ordered = new ArrayList<>(problems);
            ordered.sort(Comparator.comparingInt(FileProblem::line).thenComparingInt(FileProblem::column));
            throw new InvalidFileException(ordered);
        }
        return List.copyOf(feeds);
    }

    private Optional<FeedSpec> yamlEntry(Node entry, YamlSource yaml, Map<String, Integer> lines, List<FileProblem> problems) {
        int before = problems.size();
        if (entry instanceof ScalarNode scalar) {
            FileProblem at = yaml.at(entry, "");
            return checkedUrl(scalar.getValue(), at.line(), at.column(), yaml.file(), problems)
                    .filter(url -> once(url, entry, yaml, lines, problems))
                    .map(url -> new FeedSpec(url, null, null, null));
        }
        if (!(entry instanceof MappingNode)) {
            problems.add(yaml.at(entry, "a feed entry must be a mapping with at least 'url'"));
            return Optional.empty();
        }
        Map<String, Node> values = new HashMap<>();
        for (NodeTuple tuple : yaml.entries(entry, "a feed entry", problems)) {
            String key = YamlSource.key(tuple);
            if (!KEYS.contains(key)) {
                problems.add(yaml.at(tuple.getKeyNode(), "unknown key '" + key
                        + "' (a feed has url, and optionally name, interval, language)"));
            } else {
                values.put(key, tuple.getValueNode());
            }
        }
        Node urlNode = values.get("url");
        String url = null;
        if (urlNode == null || isNull(urlNode)) {
            problems.add(yaml.at(entry, "feed entry has no 'url'"));
        } else {
            String text = scalar(urlNode, yaml, "the feed url", problems);
            if (text != null) {
                FileProblem at = yaml.at(urlNode, "");
                url = checkedUrl(text, at.line(), at.column(), yaml.file(), problems)
                        .filter(checked -> once(checked, entry, yaml, lines, problems)).orElse(null);
            }
        }
        String name = optional(values.get("name"), yaml, "the feed name", problems);
        Duration interval = null;
        Node intervalNode = values.get("interval");
        String intervalText = optional(intervalNode, yaml, "the interval", problems);
        if (intervalText != null) {
            FileProblem at = yaml.at(intervalNode, "");
            interval = duration(intervalText, at.line(), at.column(), yaml.file(), problems);
        }
        Node languageNode = values.get("language");
        String language = optional(languageNode, yaml, "the language", problems);
        if (language != null) {
            FileProblem at = yaml.at(languageNode, "");
            language = language(language, at.line(), at.column(), yaml.file(), problems);
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new FeedSpec(url, name, interval, language));
    }

    List<FeedSpec> parseOpml(String text, String fileName) throws InvalidFileException {
        Path file = Path.of(fileName);
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        List<FeedSpec> feeds = new ArrayList<>();
        List<FileProblem> problems = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
            boolean sawRoot = false;
            while (reader.hasNext()) {
                if (reader.next() != XMLStreamReader.START_ELEMENT) {
                    continue;
                }
                int line = reader.getLocation().getLineNumber();
                int column = 1; // StAX only knows where the start tag ends; the line is what helps
                String element = reader.getLocalName();
                if (!sawRoot) {
                    if (!element.equals("opml")) {
                        throw new InvalidFileException(new FileProblem(file, line, column, "root element is <" + element
                                + ">, expected <opml> (or use the YAML format)"));
                    }
                    sawRoot = true;
                    continue;
                }
                if (!element.equals("outline")) {
                    continue;
                }
                String url = attribute(reader, "xmlUrl");
                if (url == null || url.isBlank()) {
                    continue; // a folder outline: its children carry the feeds
                }
                String name = attribute(reader, "title");
                if (name == null || name.isBlank()) {
                    name = attribute(reader, "text");
                }
                String intervalText = attribute(reader, "interval");
                String languageText = attribute(reader, "language");
                int before = problems.size();
                Optional<String> checked = checkedUrl(url.strip(), line, column, file, problems);
                Duration interval = intervalText == null || intervalText.isBlank() ? null
                        : duration(intervalText.strip(), line, column, file, problems);
                String language = languageText == null || languageText.isBlank() ? null
                        : language(languageText.strip(), line, column, file, problems);
                if (problems.size() > before) {
                    continue;
                }
                FeedSpec spec = new FeedSpec(checked.orElseThrow(), name == null || name.isBlank() ? null : name.strip(), interval, language);
                Integer previous = lines.putIfAbsent(spec.url(), line);
                if (previous != null) {
                    problems.add(new FileProblem(file, line, column, "feed " + spec.url()
                            + " is already listed at line " + previous + "; list each feed once"));
                } else {
                    feeds.add(spec);
                }
            }
            if (!sawRoot) {
                throw new InvalidFileException(new FileProblem(file, 1, 1,
                        "empty OPML document (expected <opml><body><outline xmlUrl=...>)"));
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNumber());
            int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNumber());
            String message = e.getMessage() == null ? "malformed XML" : e.getMessage().replaceAll("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
            problems.add(new FileProblem(file, line, column, "invalid OPML: " + message.strip()));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing was being written; closing a reader over a string cannot lose anything
                }
            }
        }
        return result(feeds, problems);
    }

    private static String attribute(XMLStreamReader reader, String name) {
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (reader.getAttributeLocalName(i).equalsIgnoreCase(name)) {
                return reader.getAttributeValue(i);
            }
        }
        return null;
    }

    /**
     * Durations as operators write them: {@code 90s}, {@code 10m}, {@code 1h}, {@code 1d},
     * {@code 500ms}, or ISO-8601 ({@code PT10M}).
     */
    static Duration parseDuration(String text) {
        String value = text.strip();
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        return Duration.parse(value);
    }

    private static Duration duration(String text, int line, int column, Path file, List<FileProblem> problems) {
        Duration d;
        try {
            d = parseDuration(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            problems.add(new FileProblem(file, line, column, "interval '" + text
                    + "' is not a duration (write e.g. 90s, 10m, 1h or PT10M)"));
            return null;
        }
        if (d.isZero() || d.isNegative()) {
            problems.add(new FileProblem(file, line, column, "interval '" + text + "' must be positive"));
            return null;
        }
        return d;
    }

    private static String language(String text, int line, int column, Path file, List<FileProblem> problems) {
        Matcher m = LANGUAGE.matcher(text.strip());
        if (!m.matches()) {
            problems.add(new FileProblem(file, line, column, "language '" + text
                    + "' is not a language code (write e.g. en, de, fr)"));
            return null;
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    private static Optional<String> checkedUrl(String url, int line, int column, Path file, List<FileProblem> problems) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            problems.add(new FileProblem(file, line, column, "url '" + url + "' is not a valid URL (" + e.getReason() + ")"));
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(new FileProblem(file, line, column, "url '" + url + "' must be an absolute http:// or https:// URL"));
            return Optional.empty();
        }
        return Optional.of(uri.toString());
    }

    private static String optional(Node node, YamlSource yaml, String what, List<FileProblem> problems) {
        if (node == null || isNull(node)) {
            return null;
        }
        String value = scalar(node, yaml, what, problems);
        return value == null || value.strip().isEmpty() ? null : value.strip();
    }

    private static String scalar(Node node, YamlSource yaml, String what, List<FileProblem> problems) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problems.add(yaml.at(node, "expected " + what + " here, found a " + (node instanceof MappingNode ? "mapping" : "list")));
        return null;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
