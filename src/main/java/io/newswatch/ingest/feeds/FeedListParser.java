package io.newswatch.ingest.feeds;

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

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the operator's feed list: YAML ({@code feeds: [{url, name, interval, language}]}) or an
 * OPML export from a feed reader. Works on the YAML node tree rather than plain maps so every
 * complaint can name the line to fix; a file with any error is rejected as a whole, because a
 * half-applied list would silently stop polling the feeds after the mistake.
 */
public final class FeedListParser {
    private static final Set<String> KEYS = Set.of("url", "name", "interval", "language");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern LANGUAGE = Pattern.compile("([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*");

    /** Reads and parses the file; OPML when it looks like XML, YAML otherwise. */
    public List<FeedSpec> parse(Path file) throws FeedListException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FeedListException(file + ": cannot read the feeds file (" + e + ")");
        }
        return parse(text, file.toString());
    }

    public List<FeedSpec> parse(String text, String fileName) throws FeedListException {
        String start = text.stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1).stripLeading();
        }
        boolean xml = start.startsWith("<") || fileName.toLowerCase(Locale.ROOT).endsWith(".opml");
        return xml ? parseOpml(text, fileName) : parseYaml(text, fileName);
    }

    List<FeedSpec> parseYaml(String text, String fileName) throws FeedListException {
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(fileName)
                    .setMaxAliasesForCollections(20)
                    .setCodePointLimit(10 * 1024 * 1024)
                    .build();
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().or(e::getContextMark).map(m -> " line " + line(m)).orElse("");
            throw new FeedListException(fileName + where + ": invalid YAML: " + e.getProblem()
                    + " (check indentation and quoting)");
        } catch (YamlEngineException e) {
            throw new FeedListException(fileName + ": invalid YAML: " + e.getMessage());
        }
        if (root.isEmpty() || isNull(root.get())) {
            return List.of();
        }
        Node node = root.get();
        Node list;
        if (node instanceof MappingNode mapping) {
            list = null;
            for (NodeTuple tuple : mapping.getValue()) {
                String key = scalar(tuple.getKeyNode(), fileName, "a key");
                if (!key.equals("feeds")) {
                    throw error(fileName, tuple.getKeyNode(), "unknown top-level key '" + key
                            + "' (the file holds one key, 'feeds', with a list of feeds)");
                }
                list = tuple.getValueNode();
            }
            if (list == null || isNull(list)) {
                return List.of();
            }
        } else {
            list = node;
        }
        if (!(list instanceof SequenceNode sequence)) {
            throw error(fileName, list, "'feeds' must be a list of entries like '- url: https://example.org/rss'");
        }
        List<FeedSpec> feeds = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (Node entry : sequence.getValue()) {
            FeedSpec spec = yamlEntry(entry, fileName);
            Integer previous = lines.putIfAbsent(spec.url(), line(entry));
            if (previous != null) {
                throw error(fileName, entry, "feed " + spec.url() + " is already listed at line " + previous
                        + "; list each feed once");
            }
            feeds.add(spec);
        }
        return List.copyOf(feeds);
    }

    private FeedSpec yamlEntry(Node entry, String fileName) throws FeedListException {
        if (entry instanceof ScalarNode) {
            String url = scalar(entry, fileName, "a feed url");
            return new FeedSpec(checkedUrl(url, fileName, line(entry)), null, null, null);
        }
        if (!(entry instanceof MappingNode mapping)) {
            throw error(fileName, entry, "a feed entry must be a mapping with at least 'url'");
        }
        Map<String, Node> values = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), fileName, "a key");
            if (!KEYS.contains(key)) {
                throw error(fileName, tuple.getKeyNode(), "unknown key '" + key
                        + "' (a feed has url, and optionally name, interval, language)");
            }
            if (values.put(key, tuple.getValueNode()) != null) {
                throw error(fileName, tuple.getKeyNode(), "key '" + key + "' appears twice in this feed");
            }
        }
        Node urlNode = values.get("url");
        if (urlNode == null || isNull(urlNode)) {
            throw error(fileName, entry, "feed entry has no 'url'");
        }
        String url = checkedUrl(scalar(urlNode, fileName, "the feed url"), fileName, line(urlNode));
        String name = optional(values.get("name"), fileName, "the feed name");
        Duration interval = null;
        Node intervalNode = values.get("interval");
        String intervalText = optional(intervalNode, fileName, "the interval");
        if (intervalText != null) {
            interval = duration(intervalText, fileName, line(intervalNode));
        }
        Node languageNode = values.get("language");
        String language = optional(languageNode, fileName, "the language");
        if (language != null) {
            language = language(language, fileName, line(languageNode));
        }
        return new FeedSpec(url, name, interval, language);
    }

    List<FeedSpec> parseOpml(String text, String fileName) throws FeedListException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        List<FeedSpec> feeds = new ArrayList<>();
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
                String element = reader.getLocalName();
                if (!sawRoot) {
                    if (!element.equals("opml")) {
                        throw new FeedListException(fileName + " line " + line + ": root element is <" + element
                                + ">, expected <opml> (or use the YAML format)");
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
                FeedSpec spec = new FeedSpec(
                        checkedUrl(url.strip(), fileName, line),
                        name == null || name.isBlank() ? null : name.strip(),
                        intervalText == null || intervalText.isBlank() ? null : duration(intervalText.strip(), fileName, line),
                        languageText == null || languageText.isBlank() ? null : language(languageText.strip(), fileName, line));
                Integer previous = lines.putIfAbsent(spec.url(), line);
                if (previous != null) {
                    throw new FeedListException(fileName + " line " + line + ": feed " + spec.url()
                            + " is already listed at line " + previous + "; list each feed once");
                }
                feeds.add(spec);
            }
            if (!sawRoot) {
                throw new FeedListException(fileName + ": empty OPML document (expected <opml><body><outline xmlUrl=...>)");
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
            String message = e.getMessage() == null ? "malformed XML" : e.getMessage().replaceAll("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "");
            throw new FeedListException(fileName + (line > 0 ? " line " + line : "") + ": invalid OPML: " + message.strip());
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing was being written; closing a reader over a string cannot lose anything
                }
            }
        }
        return List.copyOf(feeds);
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

    private static Duration duration(String text, String fileName, int line) throws FeedListException {
        Duration d;
        try {
            d = parseDuration(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new FeedListException(fileName + " line " + line + ": interval '" + text
                    + "' is not a duration (write e.g. 90s, 10m, 1h or PT10M)");
        }
        if (d.isZero() || d.isNegative()) {
            throw new FeedListException(fileName + " line " + line + ": interval '" + text + "' must be positive");
        }
        return d;
    }

    private static String language(String text, String fileName, int line) throws FeedListException {
        Matcher m = LANGUAGE.matcher(text.strip());
        if (!m.matches()) {
            throw new FeedListException(fileName + " line " + line + ": language '" + text
                    + "' is not a language code (write e.g. en, de, fr)");
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    private static String checkedUrl(String url, String fileName, int line) throws FeedListException {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new FeedListException(fileName + " line " + line + ": url '" + url + "' is not a valid URL ("
                    + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new FeedListException(fileName + " line " + line + ": url '" + url
                    + "' must be an absolute http:// or https:// URL");
        }
        return uri.toString();
    }

    private static String optional(Node node, String fileName, String what) throws FeedListException {
        if (node == null || isNull(node)) {
            return null;
        }
        String value = scalar(node, fileName, what).strip();
        return value.isEmpty() ? null : value;
    }

    private static String scalar(Node node, String fileName, String what) throws FeedListException {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw error(fileName, node, "expected " + what + " here, found a " + (node instanceof MappingNode ? "mapping" : "list"));
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static FeedListException error(String fileName, Node node, String message) {
        return new FeedListException(fileName + " line " + line(node) + ": " + message);
    }

    private static int line(Node node) {
        return node.getStartMark().map(FeedListParser::line).orElse(0);
    }

    private static int line(Mark mark) {
        return mark.getLine() + 1;
    }
}
