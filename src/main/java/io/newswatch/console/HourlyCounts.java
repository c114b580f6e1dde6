package io.newswatch.console;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Counts of events per clock hour over the last {@code hours} hours; older hours are dropped. */
public final class HourlyCounts {
    /** One bar of the chart. */
    public record Hour(Instant start, long count) {}

    private final int hours;
    private final TreeMap<Instant, Long> counts = new TreeMap<>();

    public HourlyCounts(int hours) {
        this.hours = hours;
    }

    public synchronized void add(Instant time) {
        counts.merge(time.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
        while (counts.size() > hours + 1) {
            counts.pollFirstEntry();
        }
    }

    /** Every hour of the window ending at {@code now}, oldest first, zero where nothing happened. */
    public synchronized List<Hour> window(Instant now) {
        Instant last = now.truncatedTo(ChronoUnit.HOURS);
        List<Hour> result = new ArrayList<>(hours);
        for (int i = hours - 1; i >= 0; i--) {
            Instant start = last.minus(Duration.ofHours(i));
            result.add(new Hour(start, counts.getOrDefault(start, 0L)));
        }
        return result;
    }
}
