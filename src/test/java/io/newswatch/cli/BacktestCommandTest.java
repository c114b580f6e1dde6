package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswatch.archive.ArchiveIndex;
import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest command over an archive of the seeds, against the shipped rules. */
class BacktestCommandTest {
    @TempDir Path work;

    private List<Document> seeds() throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        List<Document> documents = new ArrayList<>();
        for (Path file : reader.listFiles(Path.of("seeds"))) {
            documents.add(reader.read(file, Instant.now()));
        }
        return documents;
    }

    private static Set<String> matchedBy(String ruleId, org.apache.lucene.search.Query query, List<Document> documents) {
        Set<String> ids = new TreeSet<>();
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(ruleId, query);
            for (Document d : documents) {
                for (Match m : matcher.match(d)) {
                    ids.add(m.documentId());
                }
            }
        }
        return ids;
    }

    @Test
    void anEditedRuleShowsWhatItWouldAddAndLoseAgainstTheRuleInForce() throws Exception {
        List<Document> seeds = seeds();
        try (ArchiveIndex index = ArchiveIndex.openForWriting(work.resolve("data/archive"))) {
            for (Document d : seeds) {
                index.put(d, Instant.now());
            }
            index.commit(Map.of());
        }
        // The draft keeps the id "sanctions" but looks for treaties instead.
        Path draft = work.resolve("sanctions.yml");
        Files.writeString(draft, "id: sanctions\ntitle: Sanctions, edited\nseverity: high\nquery: treaty OR treaties\n");
        RuleSet shipped = new RuleLoader().load(Path.of("rules"));
        var inForce = shipped.rules().stream().filter(r -> r.id().equals("sanctions")).findFirst().orElseThrow().query();
        Set<String> before = matchedBy("sanctions", inForce, seeds);
        Set<String> after = matchedBy("draft", new io.newswatch.matching.RuleCompiler(shipped.aliases()).compile("treaty OR treaties"), seeds);
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(after);
        assertTrue(!added.isEmpty() || !lost.isEmpty(), "the edit must change something on the seeds");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("backtest", "--rules", "rules", "--rule", draft.toString(), "--since", "36500d",
                "--data", work.resolve("data").toString()), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(after.size(), json.at("/result/matched").asInt());
        assertEquals(added, ids(json.at("/result/diff/addedDocuments")));
        assertEquals(lost, ids(json.at("/result/diff/lostDocuments")));
        assertEquals(before.size(), json.at("/result/diff/inForceMatched").asInt());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("+" + added.size() + " added, -" + lost.size() + " lost"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenDraftIsReportedAtItsLineAndColumnAndNothingRuns() throws Exception {
        Path draft = work.resolve("bad.yml");
        Files.writeString(draft, "id: bad\ntitle: Bad\nseverity: high\nquery: troops NEAR/0 border\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("backtest", "--rules", "rules", "--rule", draft.toString(), "--data", work.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad.yml:4:"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withoutAnArchiveItSaysWhereItLooked() throws Exception {
        Path draft = work.resolve("ok.yml");
        Files.writeString(draft, "id: ok\ntitle: Ok\nseverity: high\nquery: troops\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("backtest", "--rules", "rules", "--rule", draft.toString(), "--data", work.resolve("nothing").toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no archive at"), err.toString(StandardCharsets.UTF_8));
    }

    private static Set<String> ids(JsonNode hits) {
        Set<String> ids = new TreeSet<>();
        hits.forEach(h -> ids.add(h.path("id").asText()));
        return ids;
    }
}
