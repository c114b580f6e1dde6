package io.newswatch.archive;

import io.newswatch.matching.WordSetSharing;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * A newest-first page of a query and the count of its matches, from one scorer per segment. The
 * page is made first ({@link #page}): the segments holding the newest records are searched first,
 * each only until the page has what it needs from it, and segments that cannot reach the page are
 * not set up (for a rule's query, setting a segment up means seeking thousands of alias words, most
 * of a first search's cost). Every match met on the way is counted, and each segment's scorer is
 * kept where it stopped: the count ({@link #count}) then continues from there, within a budget, so
 * the newest segments are set up once for the page and the count together, never twice.
 *
 * <p>The count goes newest first across segments (it always advances the segment whose next
 * uncounted record is the newest), so when the budget stops it the matches of every time from some
 * point on are all counted: the total is then "at least", and the per-day counts are exact for the
 * days from {@link NewestFirstCount.Counted#countedFrom} on. The page is always complete (the budget
 * never cuts it) and is the one Lucene's {@link TopFieldCollectorManager} finds over all segments.
 */
final class NewestFirstPage {
    private static final long DAY = 86_400_000L;
    /**
     * Candidates looked at between two looks at the budget, at least and at most: the count adapts its step so that
     * one step takes about {@link #STEP_CPU_NANOS} of CPU. A candidate of a large rule's query can cost up to a
     * millisecond (its parts' interval checks, the approximation skipping far ahead when matches are rare: with a fixed
     * 512, treaty's first search counted ~0.5 s past its budget), one of a word a fraction of a microsecond (with a
     * fixed 16, looking at the budget and choosing the next segment made a word's exact count of 84,000 twice as dear).
     */
    private static final int MIN_STEP = 4;
    private static final int MAX_STEP = 4096;
    private static final long STEP_CPU_NANOS = 1_000_000;

    private final List<Segment> segments = new ArrayList<>();
    private final Map<Integer, Float> scores = new HashMap<>();
    private final Map<Long, Long> days = new HashMap<>();
    private long total;
    private TopFieldDocs top;

    private NewestFirstPage() {}

    /**
     * The page of {@code limit} hits after {@code after} in {@link ArchiveIndex#INDEX_SORT} order, with
     * their scores; the matches met on the way are counted already.
     */
    static NewestFirstPage page(IndexSearcher searcher, Query query, int limit, FieldDoc after) throws IOException {
        NewestFirstPage pass = new NewestFirstPage();
        // Scores are taken in the same pass, for the page's candidates only (a disjunction of a rule's parts then checks
        // every part of each match: measured no dearer than a scorer-less pass plus scoring the page afterwards,
        // sanctions 307-356 vs 318-455 ms, treaty 2.3-2.9 vs 2.6-3.3 s of CPU).
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE, 1f);
        WordSetSharing sharing = new WordSetSharing();
        for (LeavesNewestFirst.Leaf leaf : LeavesNewestFirst.ordered(searcher)) {
            pass.segments.add(new Segment(leaf, weight, sharing));
        }
        pass.makePage(limit, after);
        return pass;
    }

    /** The page, scores included. */
    TopFieldDocs top() {
        return top;
    }

    private void makePage(int limit, FieldDoc after) throws IOException {
        TopFieldCollectorManager manager = new TopFieldCollectorManager(ArchiveIndex.INDEX_SORT, limit, after, limit);
        Collector collector = manager.newCollector();
        // Records strictly older than the cursor are surely after it; the times of those collected bound the page:
        // once `limit` of them are collected, no record older than the oldest of them can enter the page.
        long cursorTime = after == null ? Long.MAX_VALUE : (Long) after.fields[0];
        PriorityQueue<Long> oldestKept = new PriorityQueue<>();
        for (Segment segment : segments) {
            if (segment.leaf.oldest() > cursorTime) {
                continue; // every record of the segment is newer than the cursor: on an earlier page (counted later)
            }
            if (oldestKept.size() == limit && segment.leaf.newest() < oldestKept.peek()) {
                continue; // every record of the segment is older than the page's oldest hit
            }
            segment.setUp();
            if (segment.done) {
                continue;
            }
            LeafCollector leafCollector;
            try {
                leafCollector = collector.getLeafCollector(segment.leaf.context());
            } catch (CollectionTerminatedException e) {
                continue; // the page needs nothing from this segment
            }
            leafCollector.setScorer(segment.scorer);
            int base = segment.leaf.context().docBase;
            while (true) {
                int doc = segment.nextMatch(Integer.MAX_VALUE);
                if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                    break;
                }
                long time = count(segment, doc);
                if (time <= cursorTime) { // a record newer than the cursor is on an earlier page: no score needed
                    scores.put(base + doc, segment.scorer.score());
                }
                try {
                    leafCollector.collect(doc);
                } catch (CollectionTerminatedException e) {
                    break; // the page has what it needs from this segment; the count goes on from here later
                }
                if (time < cursorTime && (oldestKept.size() < limit || time > oldestKept.peek())) {
                    oldestKept.add(time);
                    if (oldestKept.size() > limit) {
                        oldestKept.poll();
                    }
                }
            }
            leafCollector.finish();
        }
        @SuppressWarnings("unchecked")
        CollectorManager<Collector, TopFieldDocs> reduce = (CollectorManager<Collector, TopFieldDocs>) (CollectorManager<?, ?>) manager;
        top = reduce.reduce(List.of(collector));
        for (ScoreDoc hit : top.scoreDocs) {
            hit.score = scores.getOrDefault(hit.doc, Float.NaN);
        }
    }

    /** Counts a match of {@code segment}; its time. */
    private long count(Segment segment, int doc) throws IOException {
        long time = segment.times.advanceExact(doc) ? segment.times.longValue() : 0;
        days.merge(Math.floorDiv(time, DAY), 1L, Long::sum);
        total++;
        return time;
    }

    /**
     * Counts on from where the page stopped, newest first, until every match is counted or
     * {@code budget} says to stop (looked at before each segment is set up and after every step of
     * {@value #MIN_STEP} to {@value #MAX_STEP} candidates, about a millisecond of CPU). Call once, after {@link #page}.
     */
    NewestFirstCount.Counted count(QueryTimeout budget) throws IOException {
        int step = MIN_STEP;
        while (true) {
            Segment next = null;
            long nextBound = Long.MIN_VALUE;
            for (Segment segment : segments) {
                if (!segment.done && (next == null || segment.bound() > nextBound)) {
                    next = segment;
                    nextBound = segment.bound();
                }
            }
            if (next == null) {
                return new NewestFirstCount.Counted(total, true, days(Long.MIN_VALUE), null);
            }
            if (budget.shouldExit()) {
                // Every match newer than the newest uncounted record's time is counted: days from the next midnight are exact.
                long countedFrom = Math.floorDiv(nextBound, DAY) * DAY + DAY;
                return new NewestFirstCount.Counted(total, false, days(countedFrom), Instant.ofEpochMilli(countedFrom));
            }
            next.setUp();
            long started = NewestFirstCount.CpuBudget.threadCpuNanos();
            long end = next.candidates + step;
            while (next.candidates < end && !next.done) {
                int doc = next.nextMatch((int) (end - next.candidates));
                if (doc != DocIdSetIterator.NO_MORE_DOCS) {
                    count(next, doc);
                }
            }
            long took = NewestFirstCount.CpuBudget.threadCpuNanos() - started;
            if (took < STEP_CPU_NANOS / 2) {
                step = Math.min(step * 2, MAX_STEP);
            } else if (took > STEP_CPU_NANOS * 2) {
                step = Math.max(step / 2, MIN_STEP);
            }
        }
    }

    private SortedMap<LocalDate, Long> days(long from) {
        SortedMap<LocalDate, Long> perDay = new TreeMap<>();
        days.forEach((day, n) -> {
            if (day * DAY >= from) {
                perDay.put(LocalDate.ofEpochDay(day), n);
            }
        });
        return perDay;
    }

    /** A segment, its scorer once set up, and how far it is matched. */
    private static final class Segment {
        final LeavesNewestFirst.Leaf leaf;
        final Weight weight;
        final WordSetSharing sharing;
        boolean setUp;
        boolean done;
        Scorer scorer;
        DocIdSetIterator approximation;
        TwoPhaseIterator twoPhase;
        Bits live;
        NumericDocValues times;
        NumericDocValues boundTimes;
        /** Candidates looked at so far. */
        long candidates;
        /** The last record looked at, -1 before the first. */
        int looked = -1;
        private int boundAt = -1;
        private long bound;

        Segment(LeavesNewestFirst.Leaf leaf, Weight weight, WordSetSharing sharing) {
            this.leaf = leaf;
            this.weight = weight;
            this.sharing = sharing;
            this.bound = leaf.newest();
        }

        /** Every record not yet looked at has a time no later than this (the index is stored newest first). */
        long bound() throws IOException {
            if (looked != boundAt) {
                boundAt = looked;
                if (boundTimes.advanceExact(looked)) {
                    bound = boundTimes.longValue();
                }
            }
            return bound;
        }

        void setUp() throws IOException {
            if (setUp) {
                return;
            }
            setUp = true;
            try (WordSetSharing.Scope scope = sharing.during()) {
                ScorerSupplier supplier = weight.scorerSupplier(leaf.context());
                if (supplier == null) {
                    done = true;
                    return;
                }
                scorer = supplier.get(Long.MAX_VALUE);
            }
            twoPhase = scorer.twoPhaseIterator();
            approximation = twoPhase == null ? scorer.iterator() : twoPhase.approximation();
            live = leaf.context().reader().getLiveDocs();
            times = DocValues.getNumeric(leaf.context().reader(), ArchiveSchema.TIME);
            boundTimes = DocValues.getNumeric(leaf.context().reader(), ArchiveSchema.TIME);
        }

        /**
         * The next match, looking at no more than {@code candidates} candidates; NO_MORE_DOCS when none
         * was found among them (then {@link #done} says whether the segment is finished).
         */
        int nextMatch(int candidates) throws IOException {
            for (int i = 0; i < candidates; i++) {
                this.candidates++;
                int doc = approximation.nextDoc();
                if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                    done = true;
                    return doc;
                }
                looked = doc;
                if ((live == null || live.get(doc)) && (twoPhase == null || twoPhase.matches())) {
                    return doc;
                }
            }
            return DocIdSetIterator.NO_MORE_DOCS;
        }
    }
}
