package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.FilterWeight;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeavesNewestFirstTest {
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
                put("d" + n, n % 3 == 0 ? "sanctions were announced" : "the weather was mild", T0.plus(Duration.ofHours(n)));
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

    private static Query sanctions() {
        try {
            return new RuleCompiler(Aliases.NONE).compile("sanctions");
        } catch (QueryException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCountStoppedByItsBudgetSetsUpNoFurtherSegment() throws Exception {
        index.search(searcher -> {
            IndexSearcher plain = ArchiveSearcher.withoutQueryCache(searcher);
            Set<Object> visited = new HashSet<>();
            LeavesNewestFirst.Searched<java.util.SortedMap<java.time.LocalDate, Long>> searched = LeavesNewestFirst.search(plain,
                    new SegmentsSetUp(sanctions(), visited), new DayHistogram(), () -> visited.size() >= 2);
            assertTrue(searched.partial());
            assertEquals(2, visited.size(), "two segments counted, then the budget ran out");
            Set<Object> spent = new HashSet<>();
            LeavesNewestFirst.Searched<java.util.SortedMap<java.time.LocalDate, Long>> none = LeavesNewestFirst.search(plain,
                    new SegmentsSetUp(sanctions(), spent), new DayHistogram(), () -> true);
            assertEquals(1, spent.size(), "a budget spent before the start still searches the newest segment");
            assertTrue(none.partial() && DayHistogram.total(none.result()) > 0, "so the answer has matches: " + none.result());
            LeavesNewestFirst.Searched<java.util.SortedMap<java.time.LocalDate, Long>> all = LeavesNewestFirst.search(plain, sanctions(),
                    new DayHistogram(), () -> false);
            assertEquals(plain.count(sanctions()), DayHistogram.total(all.result()));
            assertTrue(!all.partial());
            return null;
        });
    }

    private static List<String> docs(TopFieldDocs top) {
        List<String> out = new ArrayList<>();
        for (ScoreDoc d : top.scoreDocs) {
            out.add(d.doc + ":" + List.of(((FieldDoc) d).fields));
        }
        return out;
    }

    /** A query that records which segments built its scorer. */
    private static final class SegmentsSetUp extends Query {
        private final Query inner;
        private final Set<Object> visited;

        SegmentsSetUp(Query inner, Set<Object> visited) {
            this.inner = inner;
            this.visited = visited;
        }

        @Override
        public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
            return new FilterWeight(this, inner.createWeight(searcher, scoreMode, boost)) {
                @Override
                public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                    visited.add(context.ord);
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
