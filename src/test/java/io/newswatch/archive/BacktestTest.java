package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestTest {
    @TempDir Path dir;
    ArchiveIndex index;
    ArchiveSearcher searcher;

    @BeforeEach
    void fill() throws Exception {
        index = ArchiveIndex.openForWriting(dir);
        put("a", "Troops deployed to the border", 0);
        put("b", "Troops sent to the border for an exercise", 1);
        put("c", "Soldiers deployed near the border", 2);
        put("d", "Weather report", 3);
        index.commit(Map.of());
        searcher = ArchiveFixture.searcher(index);
    }

    private void put(String id, String body, int hours) throws Exception {
        Instant at = T0.plus(Duration.ofHours(hours));
        index.put(document(id, "Title " + id, body, at), at);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private Backtest.Result run(String draft, String inForce, int maxResults) throws Exception {
        Backtest backtest = new Backtest(index, searcher, Duration.ofSeconds(10), maxResults, Clock.systemUTC());
        return backtest.run(new Backtest.Request(searcher.compile(draft),
                inForce == null ? Optional.empty() : Optional.of(searcher.compile(inForce)), null, null, 10));
    }

    @Test
    void anEditedRuleShowsTheDocumentsItWouldAddAndLose() throws Exception {
        // in force: troops; draft: (troops OR soldiers) NOT exercise -> adds c, loses b
        Backtest.Result result = run("(troops OR soldiers) AND NOT exercise", "troops", 1000);
        assertEquals(2, result.matched());
        Backtest.Diff diff = result.diff().orElseThrow();
        assertEquals(2, diff.inForceMatched());
        assertEquals(List.of("c"), diff.addedDocuments().stream().map(ArchivedHit::id).toList());
        assertEquals(List.of("b"), diff.lostDocuments().stream().map(ArchivedHit::id).toList());
        assertEquals(1, diff.added());
        assertEquals(1, diff.lost());
        assertEquals("soldiers", diff.addedDocuments().getFirst().highlights().getFirst().term().toLowerCase());
        assertEquals("Troops", diff.lostDocuments().getFirst().highlights().getFirst().term());
        assertEquals(List.of("c", "a"), result.matches().stream().map(ArchivedHit::id).toList());
        assertFalse(result.capped());
        assertFalse(result.timedOut());
    }

    @Test
    void aNewRuleHasNoDiff() throws Exception {
        Backtest.Result result = run("border", null, 1000);
        assertEquals(3, result.matched());
        assertTrue(result.diff().isEmpty());
    }

    @Test
    void theResultCapIsReportedAndTheTotalStillCounted() throws Exception {
        Backtest.Result result = run("border", null, 2);
        assertTrue(result.capped());
        assertEquals(3, result.matched());
        assertEquals(2, result.matches().size());
    }
}
