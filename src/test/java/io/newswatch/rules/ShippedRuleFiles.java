package io.newswatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.query.QueryException;
import io.newswatch.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.search.Query;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The rules shipped in {@code rules/}, read straight from their YAML so these tests check the
 * files themselves (field by field) rather than whatever a loader makes of them.
 */
final class ShippedRuleFiles {
    static final Path RULES_DIR = Path.of("rules");
    static final List<String> SHIPPED = List.of("troop-deployment", "treaty", "sanctions");

    /** One rule file as written. */
    record ShippedRule(String id, String title, String description, Severity severity, String query,
                       List<String> matchExamples, List<String> noMatchExamples, Path file) {}

    private ShippedRuleFiles() {}

    static Aliases aliases() throws IOException {
        Object yaml = load(RULES_DIR.resolve("_aliases.yml"));
        if (!(yaml instanceof Map<?, ?> groups)) {
            throw new AssertionError("rules/_aliases.yml must be a map of alias name to a list of entries");
        }
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        groups.forEach((name, entries) -> {
            if (!(entries instanceof List<?> list) || list.isEmpty()) {
                throw new AssertionError("alias " + name + " in rules/_aliases.yml must be a non-empty list");
            }
            aliases.put(String.valueOf(name), list.stream().map(String::valueOf).toList());
        });
        return new Aliases(aliases);
    }

    static ShippedRule rule(String id) throws IOException {
        Path file = RULES_DIR.resolve(id + ".yml");
        if (!(load(file) instanceof Map<?, ?> yaml)) {
            throw new AssertionError(file + " must be a YAML map");
        }
        Set<String> allowed = Set.of("id", "title", "description", "severity", "query", "topic", "notify", "examples");
        for (Object key : yaml.keySet()) {
            assertTrue(allowed.contains(String.valueOf(key)), file + ": unknown field " + key);
        }
        assertEquals(id, yaml.get("id"), file + ": id must match the file name");
        String severity = text(yaml, "severity", file);
        Severity parsed = null;
        for (Severity s : Severity.values()) {
            if (s.label().equals(severity)) {
                parsed = s;
            }
        }
        if (parsed == null) {
            fail(file + ": severity \"" + severity + "\" is not one of info, low, medium, high, critical");
        }
        if (!(yaml.get("examples") instanceof Map<?, ?> examples)) {
            throw new AssertionError(file + ": examples must hold match and no_match lists");
        }
        return new ShippedRule(id, text(yaml, "title", file), text(yaml, "description", file), parsed,
                text(yaml, "query", file), texts(examples, "match", file), texts(examples, "no_match", file), file);
    }

    static List<ShippedRule> rules() throws IOException {
        List<ShippedRule> rules = new ArrayList<>();
        for (String id : SHIPPED) {
            rules.add(rule(id));
        }
        return rules;
    }

    /** A matcher holding every shipped rule, compiled with the shipped aliases. */
    static RuleMatcher matcher() throws IOException {
        RuleCompiler compiler = new RuleCompiler(aliases());
        Map<String, Query> queries = new LinkedHashMap<>();
        for (ShippedRule rule : rules()) {
            queries.put(rule.id(), compile(compiler, rule));
        }
        RuleMatcher matcher = new RuleMatcher();
        matcher.register(queries);
        return matcher;
    }

    static Query compile(RuleCompiler compiler, ShippedRule rule) {
        try {
            return compiler.compile(rule.query());
        } catch (QueryException e) {
            throw new AssertionError(rule.file() + ": query does not compile: " + e.getMessage(), e);
        }
    }

    static Set<String> matchingRules(RuleMatcher matcher, Document document) {
        return matcher.match(document).stream().map(m -> m.ruleId()).collect(Collectors.toSet());
    }

    /** A document as the file pipeline would make it, for a text whose title is known. */
    static Document document(String id, String title, String body) {
        return new Document(id, "test", id, title, body, Instant.now(), "en", Instant.now(), List.of(), List.of());
    }

    private static Object load(Path file) throws IOException {
        return new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
    }

    private static String text(Map<?, ?> yaml, String field, Path file) {
        if (!(yaml.get(field) instanceof String value) || value.isBlank()) {
            throw new AssertionError(file + ": " + field + " must be a non-empty text");
        }
        return value.strip();
    }

    private static List<String> texts(Map<?, ?> examples, String field, Path file) {
        if (!(examples.get(field) instanceof List<?> list)) {
            throw new AssertionError(file + ": examples." + field + " must be a list of texts");
        }
        return list.stream().map(String::valueOf).map(String::strip).toList();
    }
}
