package io.newswatch.matching;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.util.BytesRef;

/**
 * Evaluates the rule language's interval nodes straight over a document's word positions
 * ({@link DocumentPositions}), giving exactly the intervals Lucene's interval iterators give for
 * the same node (same intervals, same order, same gaps), without building a Lucene iterator per
 * word, wildcard or alias entry.
 *
 * <p>{@link RuleCompiler} attaches a {@link Plan} to every shared node it knows how to evaluate
 * this way: words, phrases, wildcards, alias groups, {@code OR} of such nodes, {@code NEAR} and
 * {@code BEFORE}. A node without a plan (a node kind added to the rule language later, or a
 * combination this evaluator does not cover) is evaluated by Lucene as before, and its recorded
 * intervals are read here like any other child's. When a plan cannot promise Lucene's exact answer
 * on a document (a wildcard with more expansions than Lucene allows, which Lucene reports as an
 * error; two alternatives yielding the same interval with different gaps, where Lucene's order is
 * that of its priority queue) {@link #evaluate} returns null and the node falls back to Lucene on
 * that document.
 */
final class PositionEvaluator {
    /** Lucene's "no more intervals" position. */
    private static final int NO_MORE = IntervalIterator.NO_MORE_INTERVALS;

    private PositionEvaluator() {}

    /** How to compute a node's intervals from the document's positions. */
    sealed interface Plan {}

    /** Any of these words (one word: a Lucene term source; several: a disjunction of terms). */
    record Words(String field, BytesRef[] words) implements Plan {
        @Override
        public String toString() {
            return "words" + Arrays.stream(words).map(BytesRef::utf8ToString).toList();
        }
    }

    /** These words at consecutive positions (Lucene's {@code Intervals.phrase}). */
    record Phrase(String field, BytesRef[] words) implements Plan {}

    /** Any word starting with {@code prefix}, failing (falling back) past {@code maxExpansions} distinct words. */
    record Prefix(String field, BytesRef prefix, int maxExpansions) implements Plan {}

    /** Lucene's disjunction of several sources: merged by end, then start descending, dropping intervals that contain the one just yielded. */
    record AnyOf(List<Plan> alternatives) implements Plan {}

    /** Lucene's ordered conjunction (non-overlapping, in this order, minimal intervals), keeping intervals with at most {@code maxGaps} gaps. */
    record Ordered(List<Plan> sides, int maxGaps) implements Plan {}

    /** Another shared node: its recording for this document (evaluated by plan or by Lucene). */
    record Shared(SharedIntervalsSource source) implements Plan {}

    /** The recordings of shared nodes on the current document. */
    interface Document {
        DocumentPositions positions();

        /** The shared node's intervals, null if they cannot be read as a list; rethrows the failure Lucene reported for it. */
        IntervalList intervalsOf(SharedIntervalsSource source) throws IOException;
    }

    /** The plan's intervals on the document, or null where only Lucene can give the exact answer. */
    static IntervalList evaluate(Plan plan, Document document) throws IOException {
        return switch (plan) {
            case Words w -> words(w, document.positions());
            case Phrase p -> phrase(p, document.positions());
            case Prefix p -> prefix(p, document.positions());
            case AnyOf a -> anyOf(a, document);
            case Ordered o -> ordered(o, document);
            case Shared s -> document.intervalsOf(s.source());
        };
    }

    private static IntervalList words(Words plan, DocumentPositions document) throws IOException {
        DocumentPositions.FieldWords field = document.field(plan.field());
        if (plan.words().length == 1) {
            int[] at = field.positions(plan.words()[0]);
            return at == null ? IntervalList.EMPTY : IntervalList.ofPositions(at, at.length);
        }
        int[] merged = new int[16];
        int size = 0;
        int lists = 0;
        for (BytesRef word : plan.words()) {
            int[] at = field.positions(word);
            if (at == null) {
                continue;
            }
            lists++;
            if (size + at.length > merged.length) {
                merged = Arrays.copyOf(merged, Math.max(merged.length * 2, size + at.length));
            }
            System.arraycopy(at, 0, merged, size, at.length);
            size += at.length;
        }
        return positions(merged, size, lists);
    }

    private static IntervalList prefix(Prefix plan, DocumentPositions document) throws IOException {
        DocumentPositions.FieldWords field = document.field(plan.field());
        int[][] merged = {new int[16]};
        int[] size = {0};
        int found = field.withPrefix(plan.prefix(), plan.maxExpansions(), at -> {
            if (size[0] + at.length > merged[0].length) {
                merged[0] = Arrays.copyOf(merged[0], Math.max(merged[0].length * 2, size[0] + at.length));
            }
            System.arraycopy(at, 0, merged[0], size[0], at.length);
            size[0] += at.length;
        });
        if (found > plan.maxExpansions()) {
            return null; // Lucene fails this wildcard on this document; let it report the failure itself
        }
        return positions(merged[0], size[0], found);
    }

    /** Single positions of several words: ascending, a position held by two words once (Lucene's disjunction drops the repeat). */
    private static IntervalList positions(int[] merged, int size, int lists) {
        if (lists > 1) {
            Arrays.sort(merged, 0, size);
            int distinct = 0;
            for (int i = 0; i < size; i++) {
                if (distinct == 0 || merged[distinct - 1] != merged[i]) {
                    merged[distinct++] = merged[i];
                }
            }
            size = distinct;
        }
        return IntervalList.ofPositions(merged, size);
    }

    private static IntervalList phrase(Phrase plan, DocumentPositions document) throws IOException {
        DocumentPositions.FieldWords field = document.field(plan.field());
        BytesRef[] words = plan.words();
        int[][] at = new int[words.length][];
        for (int i = 0; i < words.length; i++) {
            at[i] = field.positions(words[i]);
            if (at[i] == null) {
                return IntervalList.EMPTY;
            }
        }
        IntervalList.Builder out = new IntervalList.Builder();
        for (int start : at[0]) {
            boolean all = true;
            for (int i = 1; i < words.length && all; i++) {
                all = Arrays.binarySearch(at[i], start + i) >= 0;
            }
            if (all) {
                out.add(start, start + words.length - 1, 0);
            }
        }
        return out.build();
    }

    private static IntervalList anyOf(AnyOf plan, Document document) throws IOException {
        int n = plan.alternatives().size();
        IntervalList[] lists = new IntervalList[n];
        int[] at = new int[n];
        int live = 0;
        for (int i = 0; i < n; i++) {
            IntervalList list = evaluate(plan.alternatives().get(i), document);
            if (list == null) {
                return null;
            }
            if (list.size > 0) {
                lists[live++] = list;
            }
        }
        if (live == 0) {
            return IntervalList.EMPTY;
        }
        IntervalList.Builder out = new IntervalList.Builder();
        int currentStart = -1;
        int currentEnd = -1;
        boolean first = true;
        while (true) {
            int top = -1;
            for (int i = 0; i < live; i++) {
                if (at[i] >= lists[i].size) {
                    continue;
                }
                if (top < 0 || before(lists[i], at[i], lists[top], at[top])) {
                    top = i;
                }
            }
            if (top < 0) {
                break;
            }
            int start = lists[top].starts[at[top]];
            int end = lists[top].ends[at[top]];
            if (!first && start <= currentStart && end >= currentEnd) {
                at[top]++; // contains the interval just yielded
                continue;
            }
            int gaps = lists[top].gaps[at[top]];
            for (int i = 0; i < live; i++) {
                if (i != top && at[i] < lists[i].size && lists[i].starts[at[i]] == start && lists[i].ends[at[i]] == end
                        && lists[i].gaps[at[i]] != gaps) {
                    return null; // which one Lucene yields depends on its priority queue's order
                }
            }
            out.add(start, end, gaps);
            currentStart = start;
            currentEnd = end;
            first = false;
        }
        return out.build();
    }

    /** Lucene's disjunction queue order: earlier end first, on the same end the later start (the shorter interval). */
    private static boolean before(IntervalList a, int i, IntervalList b, int j) {
        return a.ends[i] < b.ends[j] || (a.ends[i] == b.ends[j] && a.starts[i] > b.starts[j]);
    }

    /**
     * Lucene's ordered interval iterator, step for step, over the sides' recorded intervals: each
     * side is a cursor (before its first interval: -1; past its last: no more), and the search
     * for the next minimal interval moves the cursors exactly as Lucene moves its sub-iterators.
     */
    private static IntervalList ordered(Ordered plan, Document document) throws IOException {
        int n = plan.sides().size();
        Cursor[] sides = new Cursor[n];
        for (int i = 0; i < n; i++) {
            IntervalList list = evaluate(plan.sides().get(i), document);
            if (list == null) {
                return null;
            }
            if (list.size == 0) {
                return IntervalList.EMPTY;
            }
            sides[i] = new Cursor(list);
        }
        IntervalList.Builder out = new IntervalList.Builder();
        sides[0].next();
        int[] found = new int[3];
        while (nextOrdered(sides, found)) {
            if (found[2] <= plan.maxGaps()) {
                out.add(found[0], found[1], found[2]);
            }
        }
        return out.build();
    }

    /** One ordered interval into {@code found} (start, end, gaps); false when there are no more. */
    private static boolean nextOrdered(Cursor[] sides, int[] found) {
        int n = sides.length;
        int start = NO_MORE;
        int end = NO_MORE;
        int gaps = NO_MORE;
        int lastStart = Integer.MAX_VALUE;
        boolean minimizing = false;
        int i = 1;
        while (true) {
            while (true) {
                if (sides[i - 1].end() >= lastStart) {
                    return emit(found, start, end, gaps);
                }
                if (i == n || (minimizing && sides[i].start() > sides[i - 1].end())) {
                    break;
                }
                do {
                    if (sides[i].end() >= lastStart || sides[i].next() == NO_MORE) {
                        return emit(found, start, end, gaps);
                    }
                } while (sides[i].start() <= sides[i - 1].end());
                i++;
            }
            start = sides[0].start();
            if (start == NO_MORE) {
                return false;
            }
            end = sides[n - 1].end();
            gaps = end - start + 1;
            for (Cursor side : sides) {
                gaps -= side.end() - side.start() + 1;
            }
            lastStart = sides[n - 1].start();
            i = 1;
            if (sides[0].next() == NO_MORE) {
                return emit(found, start, end, gaps);
            }
            minimizing = true;
        }
    }

    private static boolean emit(int[] found, int start, int end, int gaps) {
        if (start == NO_MORE) {
            return false;
        }
        found[0] = start;
        found[1] = end;
        found[2] = gaps;
        return true;
    }

    /** A side of an ordered node: its intervals and where it stands. */
    private static final class Cursor {
        private final IntervalList list;
        private int index = -1;

        Cursor(IntervalList list) {
            this.list = list;
        }

        int start() {
            return index < 0 ? -1 : index < list.size ? list.starts[index] : NO_MORE;
        }

        int end() {
            return index < 0 ? -1 : index < list.size ? list.ends[index] : NO_MORE;
        }

        int next() {
            if (index < list.size) {
                index++;
            }
            return start();
        }
    }
}
