package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks' synthetic rules must load like real rule files and match some news, not all or none. */
class GeneratedRulesTest {
    static final int COUNT = 200;

    @Test
    void loadBesideTheShippedRulesWithoutProblems(@TempDir Path dir) throws Exception {
        try (var shipped = Files.newDirectoryStream(Path.of("rules"), "*.yml")) {
            for (Path file : shipped) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        GeneratedRules.of(COUNT, 42).writeTo(dir);

        RuleSet loaded = new RuleLoader().load(dir);

        assertEquals(List.of(), loaded.problems());
        assertEquals(COUNT + 3, loaded.rules().size());
    }

    @Test
    void matchSomeButNotAllOfTheSeeds(@TempDir Path dir) throws Exception {
        GeneratedRules.of(COUNT, 42).writeTo(dir);
        RuleSet loaded = new RuleLoader().load(dir);
        Map<String, Query> queries = new LinkedHashMap<>();
        for (LoadedRule rule : loaded.rules()) {
            queries.put(rule.id(), rule.query());
        }
        DocumentFileReader reader = new DocumentFileReader();
        Set<String> matching = new HashSet<>();
        int matches = 0;
        int documents = 0;
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(queries);
            for (Path file : reader.listFiles(Path.of("seeds"))) {
                Document document = reader.read(file, Instant.now());
                documents++;
                var found = matcher.match(document);
                matches += found.size();
                found.forEach(m -> matching.add(m.ruleId()));
            }
        }
        double perDocument = (double) matches / documents;
        assertTrue(perDocument >= 1, "generated rules should match the seeds sometimes; matches per document: " + perDocument);
        assertTrue(perDocument < COUNT * 0.25, "generated rules match too easily; matches per document: " + perDocument);
        assertTrue(matching.size() < COUNT / 2, matching.size() + " of " + COUNT + " rules match some seed");
    }

    @Test
    void sameCountAndSeedGiveTheSameRules() {
        assertEquals(GeneratedRules.of(50, 7), GeneratedRules.of(50, 7));
        assertTrue(!GeneratedRules.of(50, 7).equals(GeneratedRules.of(50, 8)));
    }
}
