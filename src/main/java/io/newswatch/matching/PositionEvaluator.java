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

        /**
         * The words each of the shared node's intervals is made of ({@link Evaluated#leaves}),
         * aligned with {@link #intervalsOf}; null where only Lucene can tell (a node without a plan).
         */
        int[][] leavesOf(SharedIntervalsSource source) throws IOException;

        /** The document's norm for {@code field}, as Lucene's term and phrase scorers read it. */
        long norm(String field) throws IOException;

        /**
         * The similarity's scorer for these words of {@code field} with {@code boost}, built from the
         * document's statistics exactly as Lucene's term (one word) and phrase weights build it.
         */
        org.apache.lucene.search.similarities.Similarity.SimScorer scorer(String field, float boost, BytesRef[] words,
                DocumentPositions.Postings[] postings) throws IOException;
    }

    /**
     * A node's intervals and, per interval, the character offsets of the words it is made of
     * ({start, end, start, end, ...}): what Lucene's {@code matches()} reports as the interval's
     * sub-matches, and so what a highlight shows.
     */
    record Evaluated(IntervalList list, int[][] leaves) {
        static final Evaluated EMPTY = new Evaluated(IntervalList.EMPTY, new int[0][]);
    }

    /**
     * The plan's intervals with the words of each ({@link Evaluated}), or null where only Lucene can
     * give the exact answer, including where two alternatives of a disjunction yield the same
     * interval made of different words (which one Lucene reports depends on its queue's order).
     * The intervals are those of {@link #evaluate}, in the same order.
     */
    static Evaluated evaluateWithLeaves(Plan plan, Document document) throws IOException {
        return switch (plan) {
            case Words w -> {
                DocumentPositions.FieldWords field = document.positions().field(w.field());
                List<DocumentPositions.Postings> found = new java.util.ArrayList<>(w.words().length);
                for (BytesRef word : w.words()) {
                    DocumentPositions.Postings postings = field.postings(word);
                    if (postings != null) {
                        found.add(postings);
                    }
                }
                yield singleWords(found);
            }
            case Phrase p -> phraseWithLeaves(p, document.positions());
            case Prefix p -> {
                DocumentPositions.Postings[] words = document.positions().field(p.field()).prefixed(p.prefix(), p.maxExpansions());
                yield words.length > p.maxExpansions() ? null : singleWords(List.of(words));
            }
            case AnyOf a -> anyOfWithLeaves(a, document);
            case Ordered o -> orderedWithLeaves(o, document);
            case Shared s -> {
                IntervalList list = document.intervalsOf(s.source());
                if (list == null) {
                    yield null;
                }
                int[][] leaves = document.leavesOf(s.source());
                yield leaves == null ? null : new Evaluated(list, leaves);
            }
        };
    }

    /** Occurrences of several words as single-position intervals, ascending, a position held twice once (with its offsets, which must agree). */
    private static Evaluated singleWords(List<DocumentPositions.Postings> words) {
        int total = 0;
        for (DocumentPositions.Postings word : words) {
            total += word.freq();
        }
        if (total == 0) {
            return Evaluated.EMPTY;
        }
        int[] positions = new int[total];
        int[] starts = new int[total];
        int[] ends = new int[total];
        long[] order = new long[total];
        int n = 0;
        for (DocumentPositions.Postings word : words) {
            for (int i = 0; i < word.freq(); i++) {
                positions[n] = word.positions()[i];
                starts[n] = word.starts()[i];
                ends[n] = word.ends()[i];
                order[n] = ((long) positions[n] << 32) | n;
                n++;
            }
        }
        if (words.size() > 1) {
            Arrays.sort(order);
        }
        int[] distinct = new int[total];
        int[][] leaves = new int[total][];
        int size = 0;
        for (long key : order) {
            int i = (int) key;
            if (size > 0 && distinct[size - 1] == positions[i]) {
                int[] kept = leaves[size - 1];
                if (kept[0] != starts[i] || kept[1] != ends[i]) {
                    return null; // two words at one position with different offsets: Lucene reports one of them
                }
                continue;
            }
            distinct[size] = positions[i];
            leaves[size] = new int[] {starts[i], ends[i]};
            size++;
        }
        return new Evaluated(IntervalList.ofPositions(distinct, size), size == total ? leaves : Arrays.copyOf(leaves, size));
    }

    private static Evaluated phraseWithLeaves(Phrase plan, DocumentPositions document) throws IOException {
        DocumentPositions.FieldWords field = document.field(plan.field());
        BytesRef[] words = plan.words();
        DocumentPositions.Postings[] at = new DocumentPositions.Postings[words.length];
        for (int i = 0; i < words.length; i++) {
            at[i] = field.postings(words[i]);
            if (at[i] == null) {
                return Evaluated.EMPTY;
            }
        }
        IntervalList.Builder out = new IntervalList.Builder();
        List<int[]> leaves = new java.util.ArrayList<>();
        for (int start : at[0].positions()) {
            int[] offsets = new int[2 * words.length];
            boolean all = true;
            for (int i = 0; i < words.length && all; i++) {
                int k = at[i].at(start + i);
                all = k >= 0;
                if (all) {
                    offsets[2 * i] = at[i].starts()[k];
                    offsets[2 * i + 1] = at[i].ends()[k];
                }
            }
            if (all) {
                out.add(start, start + words.length - 1, 0);
                leaves.add(offsets);
            }
        }
        return new Evaluated(out.build(), leaves.toArray(int[][]::new));
    }

    private static Evaluated anyOfWithLeaves(AnyOf plan, Document document) throws IOException {
        int n = plan.alternatives().size();
        Evaluated[] lists = new Evaluated[n];
        int[] at = new int[n];
        int live = 0;
        for (int i = 0; i < n; i++) {
            Evaluated list = evaluateWithLeaves(plan.alternatives().get(i), document);
            if (list == null) {
                return null;
            }
            if (list.list().size > 0) {
                lists[live++] = list;
            }
        }
        if (live == 0) {
            return Evaluated.EMPTY;
        }
        IntervalList.Builder out = new IntervalList.Builder();
        List<int[]> leaves = new java.util.ArrayList<>();
        int currentStart = -1;
        int currentEnd = -1;
        boolean first = true;
        while (true) {
            int top = -1;
            for (int i = 0; i < live; i++) {
                if (at[i] >= lists[i].list().size) {
                    continue;
                }
                if (top < 0 || before(lists[i].list(), at[i], lists[top].list(), at[top])) {
                    top = i;
                }
            }
            if (top < 0) {
                break;
            }
            IntervalList chosen = lists[top].list();
            int start = chosen.starts[at[top]];
            int end = chosen.ends[at[top]];
            if (!first && start <= currentStart && end >= currentEnd) {
                at[top]++;
                continue;
            }
            int gaps = chosen.gaps[at[top]];
            int[] words = lists[top].leaves()[at[top]];
            for (int i = 0; i < live; i++) {
                if (i != top && at[i] < lists[i].list().size && lists[i].list().starts[at[i]] == start
                        && lists[i].list().ends[at[i]] == end
                        && (lists[i].list().gaps[at[i]] != gaps || !Arrays.equals(lists[i].leaves()[at[i]], words))) {
                    return null;
                }
            }
            out.add(start, end, gaps);
            leaves.add(words);
            currentStart = start;
            currentEnd = end;
            first = false;
        }
        return new Evaluated(out.build(), leaves.toArray(int[][]::new));
    }

    private static Evaluated orderedWithLeaves(Ordered plan, Document document) throws IOException {
        int n = plan.sides().size();
        Cursor[] sides = new Cursor[n];
        int[][][] sideLeaves = new int[n][][];
        for (int i = 0; i < n; i++) {
            Evaluated list = evaluateWithLeaves(plan.sides().get(i), document);
            if (list == null) {
                return null;
            }
            if (list.list().size == 0) {
                return Evaluated.EMPTY;
            }
            sides[i] = new Cursor(list.list());
            sideLeaves[i] = list.leaves();
        }
        IntervalList.Builder out = new IntervalList.Builder();
        List<int[]> leaves = new java.util.ArrayList<>();
        sides[0].next();
        int[] found = new int[3];
        int[] chosen = new int[n];
        while (nextOrdered(sides, found, chosen)) {
            if (found[2] <= plan.maxGaps()) {
                out.add(found[0], found[1], found[2]);
                int length = 0;
                for (int i = 0; i < n; i++) {
                    length += sideLeaves[i][chosen[i]].length;
                }
                int[] words = new int[length];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    int[] side = sideLeaves[i][chosen[i]];
                    System.arraycopy(side, 0, words, k, side.length);
                    k += side.length;
                }
                leaves.add(words);
            }
        }
        return new Evaluated(out.build(), leaves.toArray(int[][]::new));
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
        while (nextOrdered(sides, found, null)) {
            if (found[2] <= plan.maxGaps()) {
                out.add(found[0], found[1], found[2]);
            }
        }
        return out.build();
    }

    /**
     * One ordered interval into {@code found} (start, end, gaps); false when there are no more. With
     * {@code chosen}, also where each side stood when the interval was found: the intervals of the
     * sides that Lucene's matches iterator caches at that moment (its {@code onMatch}) and reports
     * as the interval's words.
     */
    private static boolean nextOrdered(Cursor[] sides, int[] found, int[] chosen) {
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
            if (chosen != null) {
                for (int k = 0; k < n; k++) {
                    chosen[k] = sides[k].index;
                }
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
