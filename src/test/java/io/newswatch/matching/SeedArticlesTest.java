package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import io.newswatch.document.Document;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-written queries against the five seed articles (North Korean troops for Russia, the
 * Russia–DPRK treaty, sanctions), each with the articles it must match and no others.
 */
class SeedArticlesTest {
    private static final Aliases ALIASES = new Aliases(Map.of(
            "north_korea", List.of("north korea", "north korean", "dprk", "pyongyang", "kim jong un"),
            "russia", List.of("russia", "russian", "moscow", "kremlin", "putin")));

    /** Rule id -> query and the seed files (by number) it must match. */
    private static final Map<String, Map.Entry<String, Set<String>>> RULES = new TreeMap<>(Map.of(
            "troops-in-kursk", Map.entry("(@north_korea NEAR/3 troop*) NEAR/10 kursk", Set.of("003")),
            "defense-treaty", Map.entry("treaty NEAR/10 (mutual OR defense)", Set.of("000", "001", "002", "003")),
            "sanctions", Map.entry("sanction*", Set.of("000", "003", "004")),
            "no-treaty", Map.entry("@north_korea @russia NOT treaty", Set.of("004")),
            "kim-jong-un", Map.entry("\"Kim Jong-un\"", Set.of("000", "001", "002")),
            "dprk-named", Map.entry("dprk", Set.of("002")),
            "choe-son-hui", Map.entry("choe BEFORE/2 hui", Set.of("000", "003", "004")),
            "russian-occupied", Map.entry("@russia BEFORE/1 occupied", Set.of("001", "002")),
            "troops-deployed", Map.entry("(@north_korea NEAR/2 (troops OR forces)) BEFORE/4 deploy*", Set.of("000", "001", "003")),
            "title-lavrov", Map.entry("title:(lavrov OR \"foreign minister\")", Set.of("004"))));

    private static final Map<String, Document> SEEDS = new TreeMap<>();
    private static RuleMatcher matcher;

    @BeforeAll
    static void load() throws IOException, QueryException {
        try (Stream<Path> files = Files.list(Path.of("seeds"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                SEEDS.put(file.getFileName().toString().substring(0, 3), read(file));
            }
        }
        assertEquals(5, SEEDS.size(), "seed articles in seeds/");
        RuleCompiler compiler = new RuleCompiler(ALIASES);
        Map<String, Query> queries = new HashMap<>();
        for (Map.Entry<String, Map.Entry<String, Set<String>>> rule : RULES.entrySet()) {
            queries.put(rule.getKey(), compiler.compile(rule.getValue().getKey()));
        }
        matcher = new RuleMatcher();
        matcher.register(queries);
    }

    @AfterAll
    static void close() {
        matcher.close();
    }

    /** Title: the first non-blank line; body: the rest, as the file ingester is expected to do for plain text. */
    private static Document read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        int first = 0;
        while (lines[first].isBlank()) {
            first++;
        }
        String title = lines[first].strip();
        String body = String.join("\n", List.of(lines).subList(first + 1, lines.length)).strip();
        return new Document(file.getFileName().toString(), "file", file.toString(), title, body,
                Instant.EPOCH, "en", Instant.EPOCH, List.of(), List.of());
    }

    @Test
    void eachRuleMatchesExactlyItsArticles() {
        Map<String, Set<String>> actual = new TreeMap<>();
        RULES.keySet().forEach(id -> actual.put(id, new TreeSet<>()));
        for (Map.Entry<String, Document> seed : SEEDS.entrySet()) {
            for (Match match : matcher.match(seed.getValue())) {
                actual.get(match.ruleId()).add(seed.getKey());
            }
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        RULES.forEach((id, rule) -> expected.put(id, new TreeSet<>(rule.getValue())));
        assertEquals(expected, actual);
    }

    @Test
    void highlightsAndSnippetsQuoteTheArticles() {
        for (Document seed : SEEDS.values()) {
            for (Match match : matcher.match(seed)) {
                assertFalse(match.highlights().isEmpty(), match.ruleId() + " on " + seed.id());
                List<String> problems = new ArrayList<>();
                for (Highlight h : match.highlights()) {
                    String text = h.field().equals("title") ? seed.title() : seed.body();
                    if (!text.substring(h.start(), h.end()).equals(h.term())) {
                        problems.add(h.toString());
                    }
                }
                assertEquals(List.of(), problems, match.ruleId() + " on " + seed.id());
                String snippet = match.snippet();
                assertTrue(snippet.length() <= RuleMatcher.DEFAULT_SNIPPET_LENGTH + 2, snippet);
                String plain = snippet.replace(Snippet.ELLIPSIS, "");
                String flatBody = seed.body().replaceAll("[\\s\\p{Z}]+", " ");
                assertTrue(flatBody.contains(plain), "snippet is a piece of the body: " + snippet);
                boolean showsAHit = match.highlights().stream()
                        .noneMatch(h -> h.field().equals("body"))
                        || match.highlights().stream().anyMatch(h -> h.field().equals("body") && plain.contains(h.term().replaceAll("[\\s\\p{Z}]+", " ")));
                assertTrue(showsAHit, match.ruleId() + " snippet shows no hit: " + snippet);
            }
        }
    }

    @Test
    void kurskRuleHighlightsTheTroopsSentence() {
        Match match = matcher.match(SEEDS.get("003")).stream()
                .filter(m -> m.ruleId().equals("troops-in-kursk")).findFirst().orElseThrow();
        List<String> terms = match.highlights().stream().map(Highlight::term).toList();
        // Inside NEAR/BEFORE each word of a multi-word alias entry is its own highlight.
        assertEquals(List.of("North", "Korean", "troops", "Kursk"), terms);
        assertTrue(match.snippet().contains("approximately 8,000 North Korean troops have been deployed to Russia's Kursk region"),
                match.snippet());
    }
}
