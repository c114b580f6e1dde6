package io.newswatch.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;

/**
 * Runs a query over the archive's segments one at a time, the segment holding the newest records
 * first (by the newest {@link ArchiveSchema#TIME} of each). A segment is only set up (the query's
 * scorer built, which for a rule's query means seeking thousands of alias words) when it is reached:
 *
 * {@link #search} with a budget checks the budget before each segment, so a count that ran out
 * of time does not go on setting up the query on the segments it will not count (Lucene's own
 * time limit is checked only while matching). The newest-first page is {@link NewestFirstPage}'s,
 * which uses {@link #ordered}.
 *
 * Results are those of {@link IndexSearcher#search(Query, CollectorManager)}: the order in which
 * segments are collected changes nothing for a sorted page or a count.
 */
final class LeavesNewestFirst {
    /** Documents matched between two looks at the budget inside one segment. */
    private static final int CHUNK = 1 << 14;

    private LeavesNewestFirst() {}

    /** A segment with the oldest and newest {@link ArchiveSchema#TIME} of its records. */
    record Leaf(LeafReaderContext context, long oldest, long newest) {}

    /** The segments that hold records, newest first. */
    static List<Leaf> ordered(IndexSearcher searcher) throws IOException {
        List<Leaf> leaves = new ArrayList<>();
        for (LeafReaderContext context : searcher.getIndexReader().leaves()) {
            PointValues points = context.reader().getPointValues(ArchiveSchema.TIME);
            if (points == null || points.size() == 0) {
                continue; // no record has a time: nothing the archive searches is in it
            }
            leaves.add(new Leaf(context, LongPoint.decodeDimension(points.getMinPackedValue(), 0),
                    LongPoint.decodeDimension(points.getMaxPackedValue(), 0)));
        }
        leaves.sort(Comparator.comparingLong(Leaf::newest).reversed().thenComparingInt(l -> l.context().ord));
        return leaves;
    }

    /** What {@link #search} found, and whether the budget stopped it before every segment was done. */
    record Searched<T>(T result, boolean partial) {}

    /**
     * As {@code searcher.search(query, manager)}, the newest segments first, stopping when
     * {@code budget} says so (checked before each segment and every {@value #CHUNK} documents).
     */
    static <C extends Collector, T> Searched<T> search(IndexSearcher searcher, Query query, CollectorManager<C, T> manager,
                                                       QueryTimeout budget) throws IOException {
        C collector = manager.newCollector();
        Weight weight = searcher.createWeight(searcher.rewrite(query), collector.scoreMode(), 1f);
        boolean partial = false;
        boolean matchedAny = false;
        for (Leaf leaf : ordered(searcher)) {
            // The first segment the query can match in is always searched (at least its first stretch of
            // documents), so that a search whose budget ran out early still answers with matches.
            if (budget != null && matchedAny && budget.shouldExit()) {
                partial = true;
                break;
            }
            Collected collected = collect(weight, leaf.context(), collector, budget);
            matchedAny |= collected != Collected.NOTHING_TO_MATCH;
            if (collected == Collected.PART) {
                partial = true;
                break;
            }
        }
        return new Searched<>(manager.reduce(List.of(collector)), partial);
    }

    private enum Collected { NOTHING_TO_MATCH, ALL, PART }

    /** Collects one segment; {@code PART} when the budget stopped it before its end. */
    private static Collected collect(Weight weight, LeafReaderContext context, Collector collector, QueryTimeout budget) throws IOException {
        LeafCollector leafCollector;
        try {
            leafCollector = collector.getLeafCollector(context);
        } catch (CollectionTerminatedException e) {
            return Collected.ALL; // the collector needs nothing from this segment
        }
        ScorerSupplier supplier = weight.scorerSupplier(context);
        if (supplier == null) {
            leafCollector.finish();
            return Collected.NOTHING_TO_MATCH;
        }
        supplier.setTopLevelScoringClause();
        BulkScorer scorer = supplier.bulkScorer();
        int maxDoc = context.reader().maxDoc();
        boolean complete = true;
        try {
            int next = 0;
            while (next < maxDoc) {
                if (budget != null && next > 0 && budget.shouldExit()) {
                    complete = false;
                    break;
                }
                int upTo = budget == null ? DocIdSetIterator.NO_MORE_DOCS : (int) Math.min((long) next + CHUNK, DocIdSetIterator.NO_MORE_DOCS);
                next = scorer.score(leafCollector, context.reader().getLiveDocs(), next, upTo);
            }
        } catch (CollectionTerminatedException e) {
            // the collector has what it needs from this segment (a sorted page is full)
        }
        leafCollector.finish();
        return complete ? Collected.ALL : Collected.PART;
    }
}
