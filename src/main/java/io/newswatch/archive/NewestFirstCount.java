package io.newswatch.archive;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.QueryTimeout;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;

/**
 * Counts the matches of a query, and their number per UTC day, newest first and within a time
 * budget, and ranks them (a search by score; a newest-first search counts from its page's own
 * scorers, {@link NewestFirstPage}). The archive is counted in two windows of published time: the newest day, then all
 * the rest. A query that is cheap to count (words, phrases: a few milliseconds over a million
 * documents) is counted completely; an expensive one (a whole rule's query over a large archive)
 * is counted as far back as the budget allows, and the answer says so: the total is then "at
 * least", and the per-day counts are exact from {@link Counted#countedFrom} on.
 */
final class NewestFirstCount {
    private static final long DAY = Duration.ofDays(1).toMillis();

    /**
     * @param total       matches counted (all of them when {@code exact})
     * @param exact       whether every match was counted
     * @param perDay      matches per UTC day, exact for every day from {@code countedFrom} on
     * @param countedFrom start of the oldest window counted completely when not {@code exact}
     *                    (null when exact); matches before it were not counted, or only partly
     */
    record Counted(long total, boolean exact, SortedMap<LocalDate, Long> perDay, Instant countedFrom) {}

    private NewestFirstCount() {}

    /** A count, and the best {@code limit} matches of the counted ones by a sort. */
    record Ranked(Counted counted, TopFieldDocs top) {}

    /**
     * Counts the matches newest first within {@code budget}, and ranks the counted ones by {@code sort}, after {@code after}.
     *
     * @param query  the query with every filter of the search; it is restricted to each window here
     * @param from   lower bound of the search (epoch millis, inclusive), or {@code Long.MIN_VALUE}
     * @param to     upper bound of the search (epoch millis, exclusive), or {@code Long.MAX_VALUE}
     * @param budget the search's CPU budget ({@link CpuBudget}), started when the request was
     */
    static Ranked countAndRank(IndexSearcher shared, Query query, long from, long to, QueryTimeout budget, Sort sort, int limit,
                               FieldDoc after) throws IOException {
        return run(shared, query, from, to, budget, sort, limit, after);
    }

    private static Ranked run(IndexSearcher shared, Query query, long from, long to, QueryTimeout cpu, Sort sort, int limit,
                              FieldDoc after) throws IOException {
        long[] range = timeRange(shared);
        SortedMap<LocalDate, Long> perDay = new TreeMap<>();
        List<TopFieldDocs> tops = new ArrayList<>();
        long newest = range == null ? Long.MIN_VALUE : Math.min(range[1], to == Long.MAX_VALUE ? Long.MAX_VALUE : to - 1);
        long oldest = range == null ? Long.MAX_VALUE : Math.max(range[0], from);
        if (newest < oldest) {
            return new Ranked(new Counted(0, true, perDay, null), merge(sort, limit, tops));
        }
        IndexSearcher own = new IndexSearcher(shared.getIndexReader());
        own.setQueryCache(shared.getQueryCache());
        own.setQueryCachingPolicy(shared.getQueryCachingPolicy());
        own.setSimilarity(shared.getSimilarity());
        long total = 0;
        long windowEnd = newest + 1; // exclusive
        long windowStart = Math.floorDiv(newest, DAY) * DAY;
        int windows = 0;
        while (true) {
            long start = Math.max(windowStart, oldest);
            Query window = new BooleanQuery.Builder()
                    .add(LongPoint.newRangeQuery(ArchiveSchema.TIME, start, windowEnd - 1), Occur.FILTER)
                    .add(query, Occur.MUST)
                    .build();
            SortedMap<LocalDate, Long> counted;
            boolean partial;
            // Segment by segment, newest first, the budget looked at before each: segments the budget does not
            // reach are not set up (for a rule's query that set-up is most of a segment's cost).
            if (sort == null) {
                LeavesNewestFirst.Searched<SortedMap<LocalDate, Long>> searched = LeavesNewestFirst.search(own, window, new DayHistogram(), cpu);
                counted = searched.result();
                partial = searched.partial();
            } else {
                LeavesNewestFirst.Searched<Object[]> searched = LeavesNewestFirst.search(own, window,
                        new MultiCollectorManager(new DayHistogram(), new TopFieldCollectorManager(sort, limit, after, limit)), cpu);
                Object[] both = searched.result();
                @SuppressWarnings("unchecked")
                SortedMap<LocalDate, Long> days = (SortedMap<LocalDate, Long>) both[0];
                counted = days;
                tops.add((TopFieldDocs) both[1]);
                partial = searched.partial();
            }
            total += DayHistogram.total(counted);
            if (partial) {
                // This window was counted only in part: its matches count for the total and the ranking, not for the days.
                return new Ranked(new Counted(total, false, perDay, Instant.ofEpochMilli(windowEnd)), merge(sort, limit, tops));
            }
            counted.forEach((day, c) -> perDay.merge(day, c, Long::sum));
            windows++;
            if (start <= oldest) {
                return new Ranked(new Counted(total, true, perDay, null), merge(sort, limit, tops));
            }
            // Then all the rest at once: each window builds the query's scorers again, which for a
            // whole rule's query (thousands of words) costs more than counting a day's documents.
            windowEnd = start;
            windowStart = Long.MIN_VALUE;
            if (cpu.shouldExit()) {
                // The newest day is counted; the budget does not reach the rest (not even its first segment).
                return new Ranked(new Counted(total, false, perDay, Instant.ofEpochMilli(windowEnd)), merge(sort, limit, tops));
            }
        }
    }

    private static TopFieldDocs merge(Sort sort, int limit, List<TopFieldDocs> tops) {
        if (sort == null) {
            return null;
        }
        if (tops.isEmpty()) {
            return new TopFieldDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0], sort.getSort());
        }
        return TopDocs.merge(sort, limit, tops.toArray(TopFieldDocs[]::new));
    }

    /** Oldest and newest {@link ArchiveSchema#TIME} in the index, from the points' bounds; null when empty. */
    static long[] timeRange(IndexSearcher searcher) throws IOException {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            PointValues points = leaf.reader().getPointValues(ArchiveSchema.TIME);
            if (points == null || points.size() == 0) {
                continue;
            }
            min = Math.min(min, LongPoint.decodeDimension(points.getMinPackedValue(), 0));
            max = Math.max(max, LongPoint.decodeDimension(points.getMaxPackedValue(), 0));
        }
        return min > max ? null : new long[] {min, max};
    }

    /**
     * A budget of the searching thread's CPU time, so that how much is counted does not depend on
     * how loaded the machine is (a wall-clock budget on a busy machine counts next to nothing).
     */
    static final class CpuBudget implements QueryTimeout {
        private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
        private final long thread = Thread.currentThread().threadId();
        private final long end;
        private final long wallEnd;

        CpuBudget(Duration budget) {
            this.end = cpu() + budget.toNanos();
            // Where thread CPU time cannot be read, a wall-clock budget of the same length.
            this.wallEnd = System.nanoTime() + budget.toNanos();
        }

        private CpuBudget(long end, long wallEnd) {
            this.end = end;
            this.wallEnd = wallEnd;
        }

        /** What is left of this budget, but at least {@code floor} from now (on the thread that made it). */
        CpuBudget atLeast(Duration floor) {
            return new CpuBudget(Math.max(end, cpu() + floor.toNanos()), Math.max(wallEnd, System.nanoTime() + floor.toNanos()));
        }

        private long cpu() {
            return threadCpuNanos();
        }

        /** The calling thread's CPU time in nanoseconds; -1 where it cannot be read. */
        static long threadCpuNanos() {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        }

        @Override
        public boolean shouldExit() {
            if (Thread.currentThread().threadId() != thread) {
                return System.nanoTime() > wallEnd;
            }
            long now = cpu();
            return now < 0 ? System.nanoTime() > wallEnd : now > end;
        }
    }
}
