package io.newswatch.archive;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/** Counts matching records per UTC day of {@link ArchiveSchema#TIME}; the sum is the total hit count. */
final class DayHistogram implements CollectorManager<DayHistogram.Counter, SortedMap<LocalDate, Long>> {
    private static final long DAY_MILLIS = 86_400_000L;

    @Override
    public Counter newCollector() {
        return new Counter();
    }

    @Override
    public SortedMap<LocalDate, Long> reduce(Collection<Counter> collectors) {
        SortedMap<LocalDate, Long> days = new TreeMap<>();
        for (Counter c : collectors) {
            c.days.forEach((day, n) -> days.merge(LocalDate.ofEpochDay(day), n, Long::sum));
        }
        return days;
    }

    static long total(Map<LocalDate, Long> days) {
        return days.values().stream().mapToLong(Long::longValue).sum();
    }

    static final class Counter extends SimpleCollector {
        private final Map<Long, Long> days = new HashMap<>();
        private NumericDocValues times;

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            times = DocValues.getNumeric(context.reader(), ArchiveSchema.TIME);
        }

        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) throws IOException {
            long day = times.advanceExact(doc) ? Math.floorDiv(times.longValue(), DAY_MILLIS) : 0;
            days.merge(day, 1L, Long::sum);
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
