package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FilterWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NewestFirstPage} (newest-first page and count) and {@link LeavesNewestFirst} (the count and ranking by score). */
class NewestFirstSegmentsTest {
    @TempDir Path dir;
    ArchiveIndex index;

    @BeforeEach
    void fill() throws Exception {
        index = ArchiveIndex.openForWriting(dir);
        // Five segments of 20 documents, each a later stretch of time than the one before (as the archiver
        // writes them), then one of documents spread over the whole range (as a rebuild or a backfill writes).
        for (int commit = 0; commit < 5; commit++) {
            for (int i = 0; i < 20; i++) {
                int n = commit * 20 + i;
                put("d" + n, n % 3 == 0 ? "sanctions were announced" : n % 3 == 1 ? "new sanctions on oil" : "the weather was mild",
                        T0.plus(Duration.ofHours(n)));
            }
            index.commit(Map.of());
        }
        for (int i = 0; i < 10; i++) {
            put("late" + i, "new sanctions", T0.plus(Duration.ofHours(i * 10L)).plusSeconds(30));
        }
        put("tie", "sanctions again", T0.plus(Duration.ofHours(96))); // the same time as d96, another segment
        index.commit(Map.of());
    }

    private void put(String id, String body, Instant at) throws IOException {
        index.put(document(id, "Report " + id, body, at), at);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private static Query query(String text) {
        try {
            return new RuleCompiler(Aliases.NONE).compile(text);
        } catch (QueryException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyPageIsTheOneLuceneFindsOverAllSegmentsWithItsScoresInAnyPageSize() throws Exception {
        index.search(searcher -> {
            IndexSearcher plain = ArchiveSearcher.withoutQueryCache(searcher);
            for (String text : List.of("sanctions", "sanctions NEAR/2 oil", "new OR announced")) {
                Query query = query(text);
                for (int limit : new int[] {1, 3, 7, 20, 100}) {
                    FieldDoc after = null;
                    int pages = 0;
                    while (true) {
                        TopFieldDocs expected = plain.search(query, new TopFieldCollectorManager(ArchiveIndex.INDEX_SORT, limit, after, limit));
                        TopFieldCollector.populateScores(expected.scoreDocs, plain, query);
                        TopFieldDocs actual = NewestFirstPage.page(plain, query, limit, after).top();
                        assertEquals(docs(expected), docs(actual), text + ", limit " + limit + ", page " + pages);
                        if (expected.scoreDocs.length < limit) {
                            break;
                        }
                        after = (FieldDoc) expected.scoreDocs[limit - 1];
                        pages++;
                    }
                    assertTrue(pages >= plain.count(query) / limit - 1, "paged through every match of " + text + " with limit " + limit);
                }
            }
            return null;
        });
    }

    @Test
    void aFirstPageSetsUpOnlyTheSegmentsThatCanHoldItsHits() throws Exception {
        index.search(searcher -> {
            IndexSearcher plain = ArchiveSearcher.withoutQueryCache(searcher);
            Map<Integer, Integer> setUps = new HashMap<>();
            NewestFirstPage.page(plain, new SegmentsSetUp(query("sanctions"), setUps), 3, null);
            // The newest segment holds the 3 newest matches (d99, d97, d96) and the tie at d96's time lives in the
            // last segment; every other segment is older than the page and is never set up.
            assertEquals(2, setUps.size(), "segments set up: " + setUps);
            assertEquals(6, plain.getIndexReader().leaves().size());
            return null;
        });
    }

    @Test
    void theCountGoesOnFromThePagesScorersAndCountsEveryMatchOnceWithItsDay() throws Exception {
        index.search(searcher -> {
            IndexSearcher plain = ArchiveSearcher.withoutQueryCache(searcher);
            for (String text : List.of("sanctions", "sanctions NEAR/2 oil", "weather")) {
                for (int limit : new int[] {1, 5, 100}) {
                    Map<Integer, Integer> setUps = new HashMap<>();
                    NewestFirstPage pass = NewestFirstPage.page(plain, new SegmentsSetUp(query(text), setUps), limit, null);
                    NewestFirstCount.Counted counted = pass.count(() -> false);
                    assertTrue(counted.exact());
                    assertNull(counted.countedFrom());
                    assertEquals(plain.count(query(text)), counted.total(), text);
                    assertEquals(exactDays(plain, query(text)), counted.perDay(), text);
                    setUps.forEach((segment, times) -> assertEquals(1, times, "segment " + segment + " set up once for page and count"));
                }
            }
            return null;
        });
    }

    @Test
    void aCountStoppedByItsBudgetIsAtLeastAndExactForEveryDayFromCountedFrom() throws Exception {
        index.search(searcher -> {
            IndexSearcher plain = ArchiveSearcher.withoutQueryCache(searcher);
            for (String text : List.of("sanctions", "new")) {
                Query query = query(text);
                long all = plain.count(query);
                SortedMap<LocalDate, Long> exact = exactDays(plain, query);
                boolean sawPartial = false;
                for (int looks = 0; looks < 12; looks++) {
                    int[] left = {looks};
                    NewestFirstPage pass = NewestFirstPage.page(plain, query, 3, null);
                    NewestFirstCount.Counted counted = pass.count(() -> left[0]-- <= 0);
                    assertTrue(counted.total() <= all, "at least, never more: " + counted.total());
                    assertTrue(counted.total() >= 3, "the page's own matches are counted: " + counted.total());
                    if (counted.exact()) {
                        assertEquals(all, counted.total());
                        assertEquals(exact, counted.perDay());
                        continue;
                    }
                    sawPartial = true;
                    Instant from = counted.countedFrom();
                    assertEquals(0, from.toEpochMilli() % Duration.ofDays(1).toMillis(), "counted from a midnight: " + from);
                    SortedMap<LocalDate, Long> expectedDays = new java.util.TreeMap<>(exact.tailMap(LocalDate.ofInstant(from, ZoneOffset.UTC)));
                    assertEquals(expectedDays, counted.perDay(), text + " after " + looks + " looks, counted from " + from);
                    long fromDays = expectedDays.values().stream().mapToLong(Long::longValue).sum();
                    assertTrue(counted.total() >= fromDays, "the days reported are in the total");
                }
                assertTrue(sawPartial, "some budget stopped the count of " + text);
            }
            // A budget spent before the page still answers the page exactly, and counts what the page met.
            NewestFirstPage pass = NewestFirstPage.page(plain, query("sanctions"), 3, null);
            NewestFirstCount.Counted none = pass.count(() -> true);
            assertFalse(none.exact());
            assertEquals(3, pass.top().scoreDocs.length);
            assertTrue(none.total() >= 3 && none.total() < plain.count(query("sanctions")), "at least the page: " + none.total());
            return null;
        });
    }

    @Test
    void aCountByScoreStoppedByItsBudgetSetsUpNoFurtherSegment() throws Exception {
        index.search(searcher -> {
            IndexSearcher plain = ArchiveSearcher.withoutQueryCache(searcher);
            Map<Integer, Integer> visited = new HashMap<>();
            LeavesNewestFirst.Searched<SortedMap<LocalDate, Long>> searched = LeavesNewestFirst.search(plain,
                    new SegmentsSetUp(query("sanctions"), visited), new DayHistogram(), () -> visited.size() >= 2);
            assertTrue(searched.partial());
            assertEquals(2, visited.size(), "two segments counted, then the budget ran out");
            Map<Integer, Integer> spent = new HashMap<>();
            LeavesNewestFirst.Searched<SortedMap<LocalDate, Long>> none = LeavesNewestFirst.search(plain,
                    new SegmentsSetUp(query("sanctions"), spent), new DayHistogram(), () -> true);
            assertEquals(1, spent.size(), "a budget spent before the start still searches the newest segment");
            assertTrue(none.partial() && DayHistogram.total(none.result()) > 0, "so the answer has matches: " + none.result());
            LeavesNewestFirst.Searched<SortedMap<LocalDate, Long>> all = LeavesNewestFirst.search(plain, query("sanctions"),
                    new DayHistogram(), () -> false);
            assertEquals(plain.count(query("sanctions")), DayHistogram.total(all.result()));
            assertFalse(all.partial());
            return null;
        });
    }

    private static SortedMap<LocalDate, Long> exactDays(IndexSearcher searcher, Query query) throws IOException {
        return searcher.search(query, new DayHistogram());
    }

    private static List<String> docs(TopFieldDocs top) {
        List<String> out = new ArrayList<>();
        for (ScoreDoc d : top.scoreDocs) {
            out.add(d.doc + ":" + List.of(((FieldDoc) d).fields) + ":" + d.score);
        }
        return out;
    }

    /** A query that counts how often each segment built its scorer. */
    private static final class SegmentsSetUp extends Query {
        private final Query inner;
        private final Map<Integer, Integer> setUps;

        SegmentsSetUp(Query inner, Map<Integer, Integer> setUps) {
            this.inner = inner;
            this.setUps = setUps;
        }

        @Override
        public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
            return new FilterWeight(this, inner.createWeight(searcher, scoreMode, boost)) {
                @Override
                public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                    setUps.merge(context.ord, 1, Integer::sum);
                    return in.scorerSupplier(context);
                }
            };
        }

        @Override
        public void visit(QueryVisitor visitor) {
            inner.visit(visitor);
        }

        @Override
        public String toString(String field) {
            return "setUp(" + inner + ")";
        }

        @Override
        public boolean equals(Object other) {
            return other == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
