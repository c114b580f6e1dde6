package io.newswatch.matching;

import java.util.Arrays;
import org.apache.lucene.util.ArrayUtil;

/**
 * The intervals of one rule-language node on one document, in the order Lucene's interval
 * iterator for that node yields them: per interval its start and end position, its gaps and its
 * width. The width is {@code end - start + 1} for every Lucene iterator the rule language uses but
 * one: a side ordered with itself without a gaps limit, which Lucene turns into a bare repeat of
 * the side whose width is its own sum over the copies ({@link PositionEvaluator.Repeated}); an
 * ordered parent's gaps are computed from its sides' widths. Built by {@link PositionEvaluator}; read by {@link SharedIntervalsSource}'s
 * replays.
 */
final class IntervalList {
    static final IntervalList EMPTY = new IntervalList(new int[0], new int[0], new int[0], null, 0);

    final int[] starts;
    final int[] ends;
    final int[] gaps;
    /** Null when every width is {@code end - start + 1}. */
    final int[] widths;
    final int size;

    private IntervalList(int[] starts, int[] ends, int[] gaps, int[] widths, int size) {
        this.starts = starts;
        this.ends = ends;
        this.gaps = gaps;
        this.widths = widths;
        this.size = size;
    }

    int width(int i) {
        return widths == null ? ends[i] - starts[i] + 1 : widths[i];
    }

    /** Single positions, ascending and distinct (a word, or any of several words): width 1, no gaps. */
    static IntervalList ofPositions(int[] positions, int size) {
        if (size == 0) {
            return EMPTY;
        }
        int[] starts = Arrays.copyOf(positions, size);
        return new IntervalList(starts, starts, new int[size], null, size);
    }

    /** Collects intervals in the order they are added. */
    static final class Builder {
        private int[] starts = new int[8];
        private int[] ends = new int[8];
        private int[] gaps = new int[8];
        /** Made at the first width that is not {@code end - start + 1}. */
        private int[] widths;
        private int size;

        void add(int start, int end, int gap) {
            add(start, end, gap, end - start + 1);
        }

        void add(int start, int end, int gap, int width) {
            if (size == starts.length) {
                int grown = ArrayUtil.oversize(size + 1, Integer.BYTES);
                starts = ArrayUtil.growExact(starts, grown);
                ends = ArrayUtil.growExact(ends, grown);
                gaps = ArrayUtil.growExact(gaps, grown);
                if (widths != null) {
                    widths = ArrayUtil.growExact(widths, grown);
                }
            }
            if (widths == null && width != end - start + 1) {
                widths = new int[starts.length];
                for (int i = 0; i < size; i++) {
                    widths[i] = ends[i] - starts[i] + 1;
                }
            }
            starts[size] = start;
            ends[size] = end;
            gaps[size] = gap;
            if (widths != null) {
                widths[size] = width;
            }
            size++;
        }

        int size() {
            return size;
        }

        IntervalList build() {
            return size == 0 ? EMPTY : new IntervalList(starts, ends, gaps, widths, size);
        }
    }
}
