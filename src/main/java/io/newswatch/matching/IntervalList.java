package io.newswatch.matching;

import org.apache.lucene.util.ArrayUtil;

/**
 * The intervals of one rule-language node on one document, in the order Lucene's interval
 * iterator for that node yields them: per interval its start and end position and its gaps (the
 * width is always {@code end - start + 1}, as every Lucene iterator the rule language uses reports
 * it). Built by {@link PositionEvaluator}; read by {@link SharedIntervalsSource}'s replays.
 */
final class IntervalList {
    static final IntervalList EMPTY = new IntervalList(new int[0], new int[0], new int[0], 0);

    final int[] starts;
    final int[] ends;
    final int[] gaps;
    final int size;

    private IntervalList(int[] starts, int[] ends, int[] gaps, int size) {
        this.starts = starts;
        this.ends = ends;
        this.gaps = gaps;
        this.size = size;
    }

    int width(int i) {
        return ends[i] - starts[i] + 1;
    }

    /** Single positions, ascending and distinct (a word, or any of several words): width 1, no gaps. */
    static IntervalList ofPositions(int[] positions, int size) {
        if (size == 0) {
            return EMPTY;
        }
        int[] starts = java.util.Arrays.copyOf(positions, size);
        return new IntervalList(starts, starts, new int[size], size);
    }

    /** Collects intervals in the order they are added. */
    static final class Builder {
        private int[] starts = new int[8];
        private int[] ends = new int[8];
        private int[] gaps = new int[8];
        private int size;

        void add(int start, int end, int gap) {
            if (size == starts.length) {
                int grown = ArrayUtil.oversize(size + 1, Integer.BYTES);
                starts = ArrayUtil.growExact(starts, grown);
                ends = ArrayUtil.growExact(ends, grown);
                gaps = ArrayUtil.growExact(gaps, grown);
            }
            starts[size] = start;
            ends[size] = end;
            gaps[size] = gap;
            size++;
        }

        int size() {
            return size;
        }

        IntervalList build() {
            return size == 0 ? EMPTY : new IntervalList(starts, ends, gaps, size);
        }
    }
}
