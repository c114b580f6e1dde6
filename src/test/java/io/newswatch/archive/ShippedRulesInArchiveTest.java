package io.newswatch.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shipped rule's query over the archive finds exactly the documents the matcher matches, with the
 * matcher's highlights: the archive is indexed with the same fields and analyzers. The shipped rules
 * are large (hundreds of alias entries), which the archive must run part by part as the matcher does.
 */
class ShippedRulesInArchiveTest {
    @TempDir Path dir;

    @Test
    void everyShippedRuleFindsInTheArchiveWhatTheMatcherMatches() throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Document> documents = new ArrayList<>();
        for (Path file : reader.listFiles(Path.of("seeds"))) {
            documents.add(reader.read(file, Instant.now()));
        }
        RuleSet rules = new RuleLoader().load(Path.of("rules"));
        assertEquals(3, rules.rules().size());
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            for (Document d : documents) {
                index.put(d, Instant.now());
            }
            index.commit(Map.of());
            ArchiveSearcher searcher = new ArchiveSearcher(index, () -> new io.newswatch.matching.RuleCompiler(rules.aliases()), 100,
                    Duration.ofMinutes(1)); // every match counted: this compares sets, not budgets
            Backtest backtest = new Backtest(index, searcher, Duration.ofSeconds(30), 1000, Clock.systemUTC());
            for (LoadedRule rule : rules.rules()) {
                Set<String> expected = new TreeSet<>();
                Map<String, Match> matches = new java.util.HashMap<>();
                try (RuleMatcher matcher = new RuleMatcher()) {
                    matcher.register(rule.id(), rule.query());
                    for (Document d : documents) {
                        matcher.match(d).forEach(m -> {
                            expected.add(m.documentId());
                            matches.put(m.documentId(), m);
                        });
                    }
                }
                SearchPage page = searcher.search(new SearchRequest(rule.rule().query(), null, null, null, null, SearchRequest.Order.NEWEST, 10, null));
                Set<String> found = new TreeSet<>();
                page.hits().forEach(h -> {
                    found.add(h.id());
                    assertEquals(matches.get(h.id()).highlights(), h.highlights(), rule.id() + " highlights on " + h.id());
                    assertEquals(matches.get(h.id()).snippet(), h.snippet());
                });
                assertEquals(expected, found, rule.id());
                assertEquals(expected.size(), page.total(), rule.id());
                Backtest.Result same = backtest.run(new Backtest.Request(rule.query(), Optional.of(rule.query()), null, null, 10));
                assertEquals(expected.size(), same.matched());
                assertEquals(0, same.diff().orElseThrow().added());
                assertEquals(0, same.diff().orElseThrow().lost());
            }
        }
    }
}
