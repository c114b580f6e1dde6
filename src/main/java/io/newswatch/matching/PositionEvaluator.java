package io.newswatch.matching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.util.BytesRef;

/**
 * Evaluates the rule language's interval nodes straight over a document's word positions
 * ({@link DocumentPositions}), giving exactly the intervals Lucene's interval iterators give for
 * the same node (same intervals, same order, same gaps), without building a Lucene iterator per
 * word, wildcard or alias entry; and, for a part's highlights, the words each interval is made of
 * (what Lucene's {@code matches()} reports), by the same code with the words kept.
 *
 * <p>{@link RuleCompiler} attaches a {@link Plan} to every shared node it knows how to evaluate
 * this way: words, phrases, wildcards, alias groups, {@code OR} of such nodes, {@code NEAR},
 * {@code BEFORE} (of a side with itself too, which Lucene turns into a repeat of the side:
 * {@link Repeated}) and their sentence-scoped forms ({@code NEAR/S}, {@code BEFORE/nS}: the
 * sentence marks of {@link Fields#SENTENCES} are words like any other, read from the same
 * document). A node without a plan (a node kind added to the rule language later, or a
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
    record Words(String field, BytesRef[] words, int[] hashes) implements Plan {
        /** The words' hashes ({@link DocumentPositions#hash}) are computed here once, not per document. */
        Words(String field, BytesRef[] words) {
            this(field, words, wordHashes(words));
        }

        @Override
        public String toString() {
            return "words" + Arrays.stream(words).map(BytesRef::utf8ToString).toList();
        }
    }

    /** These words at consecutive positions (Lucene's {@code Intervals.phrase}). */
    record Phrase(String field, BytesRef[] words, int[] hashes) implements Plan {
        /** The words' hashes ({@link DocumentPositions#hash}) are computed here once, not per document. */
        Phrase(String field, BytesRef[] words) {
            this(field, words, wordHashes(words));
        }
    }

    /** Each word's {@link DocumentPositions#hash}. */
    static int[] wordHashes(BytesRef[] words) {
        int[] hashes = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            hashes[i] = DocumentPositions.hash(words[i]);
        }
        return hashes;
    }

    /** Any word starting with {@code prefix}, failing (falling back) past {@code maxExpansions} distinct words. */
    record Prefix(String field, BytesRef prefix, int maxExpansions) implements Plan {}

    /** Lucene's disjunction of several sources: merged by end, then start descending, dropping intervals that contain the one just yielded. */
    record AnyOf(List<Plan> alternatives) implements Plan {}

    /** Lucene's ordered conjunction (non-overlapping, in this order, minimal intervals), keeping intervals with at most {@code maxGaps} gaps. */
    record Ordered(List<Plan> sides, int maxGaps) implements Plan {}

    /**
     * A side ordered with itself ({@code x BEFORE/2 x}), keeping intervals with at most
     * {@code maxGaps} gaps ({@link Integer#MAX_VALUE}: no gaps filter at all). Lucene does not
     * order two equal sides: {@code Intervals.ordered(x, x)} becomes a repeat of {@code x} (its
     * {@code RepeatingIntervalsSource}), whose intervals are each two consecutive intervals of
     * {@code x}, overlapping or not, from the first one's start to the second one's end. The
     * repeat's width is the copies' widths summed, each taken by Lucene 10.3's iterator as
     * {@code start - end + 1} (1 for a word, less for a phrase) but by its {@code matches()} as
     * {@code end - start + 1}; its gaps are the interval's length less that width. So the
     * intervals a phrase takes part in differ between the two, and both are reproduced: the
     * iterator's when only intervals are asked, the matches' when their words are. Lucene's gaps
     * filter passes the gaps on but reports the width as {@code end - start + 1}.
     */
    record Repeated(Plan side, int maxGaps) implements Plan {}

    /**
     * Lucene's {@code Intervals.notContaining(minuend, subtrahend)}: the minuend's intervals that
     * hold none of the subtrahend's, as its iterator finds them. The sentence scope is built of
     * these, with a sentence parity's marks ({@link SentenceMarksTokenizer}) as the subtrahend.
     */
    record NotContaining(Plan minuend, Plan subtrahend) implements Plan {}

    /**
     * Lucene's {@code Intervals.notContainedBy(small, big)}: the small source's intervals that no
     * interval of the big one contains, as its iterator finds them ({@code NOT/S}: a match kept
     * unless its sentence holds a veto).
     */
    record NotContainedBy(Plan small, Plan big) implements Plan {}

    /**
     * Lucene's {@code Intervals.containing(big, small)}: the big source's intervals that contain an
     * interval of the small one, as its iterator finds them ({@code NOT/S}: the sentences holding a veto).
     */
    record Containing(Plan big, Plan small) implements Plan {}

    /** Another shared node: its recording for this document (evaluated by plan or by Lucene). */
    record Shared(SharedIntervalsSource source) implements Plan {}

    /** The shared nodes a plan reads (its {@link Shared} leaves, not looking into them). */
    static List<SharedIntervalsSource> sharedIn(Plan plan) {
        List<SharedIntervalsSource> into = new ArrayList<>();
        collectShared(plan, into);
        return into;
    }

    private static void collectShared(Plan plan, List<SharedIntervalsSource> into) {
        switch (plan) {
            case Shared s -> into.add(s.source());
            case AnyOf a -> a.alternatives().forEach(p -> collectShared(p, into));
            case Ordered o -> o.sides().forEach(p -> collectShared(p, into));
            case Repeated r -> collectShared(r.side(), into);
            case NotContaining n -> {
                collectShared(n.minuend(), into);
                collectShared(n.subtrahend(), into);
            }
            case NotContainedBy n -> {
                collectShared(n.small(), into);
                collectShared(n.big(), into);
            }
            case Containing c -> {
                collectShared(c.big(), into);
                collectShared(c.small(), into);
            }
            case Words w -> {}
            case Phrase p -> {}
            case Prefix p -> {}
        }
    }

    /** The recordings of shared nodes on the current document. */
    interface Document {
        DocumentPositions positions();

        /** The shared node's intervals, null if they cannot be read as a list; rethrows the failure Lucene reported for it. */
        IntervalList intervalsOf(SharedIntervalsSource source) throws IOException;

        /**
         * The shared node's intervals as Lucene's {@code matches()} finds them, with the words each
         * is made of ({@link Evaluated#leaves}); null where only Lucene can tell (a node without a
         * plan). The same intervals as {@link #intervalsOf} but below a {@link Repeated} of a phrase.
         */
        Evaluated withLeaves(SharedIntervalsSource source) throws IOException;

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
     * The intervals are those Lucene's {@code matches()} walks: those of {@link #evaluate}, in the
     * same order, except where a {@link Repeated} holds a phrase.
     */
    static Evaluated evaluateWithLeaves(Plan plan, Document document) throws IOException {
        return run(plan, document, true);
    }

    /** The plan's intervals on the document, or null where only Lucene can give the exact answer. */
    static IntervalList evaluate(Plan plan, Document document) throws IOException {
        Evaluated evaluated = run(plan, document, false);
        return evaluated == null ? null : evaluated.list();
    }

    /**
     * One evaluation for both uses: with {@code leaves}, each interval's words too (and null where
     * they are ambiguous); without, {@link Evaluated#leaves} is null and only the intervals are
     * computed.
     */
    private static Evaluated run(Plan plan, Document document, boolean leaves) throws IOException {
        return switch (plan) {
            case Words w -> {
                DocumentPositions.FieldWords field = document.positions().field(w.field());
                if (w.words().length == 1) {
                    DocumentPositions.Postings postings = field.postings(w.words()[0], w.hashes()[0]);
                    yield postings == null ? Evaluated.EMPTY : singleWords(List.of(postings), leaves);
                }
                List<DocumentPositions.Postings> found = new ArrayList<>(w.words().length);
                BytesRef[] words = w.words();
                for (int i = 0; i < words.length; i++) {
                    DocumentPositions.Postings postings = field.postings(words[i], w.hashes()[i]);
                    if (postings != null) {
                        found.add(postings);
                    }
                }
                yield singleWords(found, leaves);
            }
            case Phrase p -> phrase(p, document.positions(), leaves);
            case Prefix p -> {
                DocumentPositions.Postings[] words = document.positions().field(p.field()).prefixed(p.prefix(), p.maxExpansions());
                // Past the limit Lucene fails this wildcard on this document; let it report the failure itself.
                yield words.length > p.maxExpansions() ? null : singleWords(Arrays.asList(words), leaves);
            }
            case AnyOf a -> anyOf(a, document, leaves);
            case Ordered o -> ordered(o, document, leaves);
            case Repeated r -> repeated(r, document, leaves);
            case NotContaining n -> notContaining(n, document, leaves);
            case NotContainedBy n -> notContainedBy(n, document, leaves);
            case Containing c -> containing(c, document, leaves);
            case Shared s -> {
                if (leaves) {
                    yield document.withLeaves(s.source());
                }
                IntervalList list = document.intervalsOf(s.source());
                yield list == null ? null : new Evaluated(list, null);
            }
        };
    }

    /**
     * Occurrences of several words as single-position intervals, ascending, a position held twice
     * once (Lucene's disjunction drops the repeat; with leaves, the two occurrences' offsets must
     * agree, or Lucene's choice between them is its queue's).
     */
    private static Evaluated singleWords(List<DocumentPositions.Postings> words, boolean withLeaves) {
        int total = 0;
        for (DocumentPositions.Postings word : words) {
            total += word.freq();
        }
        if (total == 0) {
            return Evaluated.EMPTY;
        }
        if (!withLeaves) {
            if (words.size() == 1) {
                return new Evaluated(IntervalList.ofPositions(words.getFirst().positions(), total), null);
            }
            int[] positions = new int[total];
            int n = 0;
            for (DocumentPositions.Postings word : words) {
                System.arraycopy(word.positions(), 0, positions, n, word.freq());
                n += word.freq();
            }
            Arrays.sort(positions);
            int size = 0;
            for (int i = 0; i < total; i++) {
                if (size == 0 || positions[size - 1] != positions[i]) {
                    positions[size++] = positions[i];
                }
            }
            return new Evaluated(IntervalList.ofPositions(positions, size), null);
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

    private static Evaluated phrase(Phrase plan, DocumentPositions document, boolean withLeaves) throws IOException {
        DocumentPositions.FieldWords field = document.field(plan.field());
        BytesRef[] words = plan.words();
        DocumentPositions.Postings[] at = new DocumentPositions.Postings[words.length];
        for (int i = 0; i < words.length; i++) {
            at[i] = field.postings(words[i], plan.hashes()[i]);
            if (at[i] == null) {
                return Evaluated.EMPTY;
            }
        }
        IntervalList.Builder out = new IntervalList.Builder();
        List<int[]> leaves = withLeaves ? new ArrayList<>() : null;
        for (int start : at[0].positions()) {
            boolean all = true;
            for (int i = 1; i < words.length && all; i++) {
                all = at[i].at(start + i) >= 0;
            }
            if (!all) {
                continue;
            }
            out.add(start, start + words.length - 1, 0);
            if (withLeaves) {
                int[] offsets = new int[2 * words.length];
                for (int i = 0; i < words.length; i++) {
                    int k = at[i].at(start + i);
                    offsets[2 * i] = at[i].starts()[k];
                    offsets[2 * i + 1] = at[i].ends()[k];
                }
                leaves.add(offsets);
            }
        }
        return new Evaluated(out.build(), withLeaves ? leaves.toArray(int[][]::new) : null);
    }

    /**
     * Lucene's disjunction: the alternatives merged in its queue's order, an interval that contains
     * the one just yielded dropped; null where two alternatives yield the same interval with
     * different gaps (or, with leaves, different words), where Lucene's choice is its queue's.
     */
    private static Evaluated anyOf(AnyOf plan, Document document, boolean withLeaves) throws IOException {
        int n = plan.alternatives().size();
        Evaluated[] evaluated = new Evaluated[n];
        int live = 0;
        for (int i = 0; i < n; i++) {
            Evaluated alternative = run(plan.alternatives().get(i), document, withLeaves);
            if (alternative == null) {
                return null;
            }
            if (alternative.list().size > 0) {
                evaluated[live++] = alternative;
            }
        }
        if (live == 0) {
            return Evaluated.EMPTY;
        }
        IntervalList[] lists = new IntervalList[live];
        for (int i = 0; i < live; i++) {
            lists[i] = evaluated[i].list();
        }
        int[] at = new int[live];
        IntervalList.Builder out = new IntervalList.Builder();
        List<int[]> leaves = withLeaves ? new ArrayList<>() : null;
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
            int[] words = withLeaves ? evaluated[top].leaves()[at[top]] : null;
            for (int i = 0; i < live; i++) {
                if (i != top && at[i] < lists[i].size && lists[i].starts[at[i]] == start && lists[i].ends[at[i]] == end
                        && (lists[i].gaps[at[i]] != gaps || (withLeaves && !Arrays.equals(evaluated[i].leaves()[at[i]], words)))) {
                    return null; // which one Lucene yields depends on its priority queue's order
                }
            }
            out.add(start, end, gaps); // Lucene's disjunction reports the width as end - start + 1
            if (withLeaves) {
                leaves.add(words);
            }
            currentStart = start;
            currentEnd = end;
            first = false;
        }
        return new Evaluated(out.build(), withLeaves ? leaves.toArray(int[][]::new) : null);
    }

    /**
     * Lucene's ordered interval iterator, step for step, over the sides' intervals: each side is a
     * cursor (before its first interval: -1; past its last: no more), and the search for the next
     * minimal interval moves the cursors exactly as Lucene moves its sub-iterators. With leaves, an
     * interval's words are those of the side intervals the search stood on when it found it.
     */
    private static Evaluated ordered(Ordered plan, Document document, boolean withLeaves) throws IOException {
        int n = plan.sides().size();
        Cursor[] sides = new Cursor[n];
        int[][][] sideLeaves = withLeaves ? new int[n][][] : null;
        for (int i = 0; i < n; i++) {
            Evaluated side = run(plan.sides().get(i), document, withLeaves);
            if (side == null) {
                return null;
            }
            if (side.list().size == 0) {
                return Evaluated.EMPTY;
            }
            sides[i] = new Cursor(side.list());
            if (withLeaves) {
                sideLeaves[i] = side.leaves();
            }
        }
        IntervalList.Builder out = new IntervalList.Builder();
        List<int[]> leaves = withLeaves ? new ArrayList<>() : null;
        sides[0].next();
        int[] found = new int[3];
        int[] chosen = withLeaves ? new int[n] : null;
        while (nextOrdered(sides, found, chosen)) {
            if (found[2] > plan.maxGaps()) {
                continue;
            }
            out.add(found[0], found[1], found[2]);
            if (withLeaves) {
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
        return new Evaluated(out.build(), withLeaves ? leaves.toArray(int[][]::new) : null);
    }

    /**
     * Lucene's repeat of a side ordered with itself ({@link Repeated}): each two consecutive
     * intervals of the side, as its iterator (a window of two over the side's intervals) or, with
     * leaves, its {@code matches()} (two copies of the side's matches, one interval apart) yields
     * them, filtered by gaps; an interval's words are both copies' words.
     */
    private static Evaluated repeated(Repeated plan, Document document, boolean withLeaves) throws IOException {
        Evaluated side = run(plan.side(), document, withLeaves);
        if (side == null || side.list().size < 2) {
            return side == null ? null : Evaluated.EMPTY;
        }
        IntervalList in = side.list();
        IntervalList.Builder out = new IntervalList.Builder();
        List<int[]> leaves = withLeaves ? new ArrayList<>() : null;
        for (int i = 0; i + 1 < in.size; i++) {
            int start = in.starts[i];
            int end = in.ends[i + 1];
            int width = withLeaves
                    ? (in.ends[i] - in.starts[i] + 1) + (in.ends[i + 1] - in.starts[i + 1] + 1)
                    : (in.starts[i] - in.ends[i] + 1) + (in.starts[i + 1] - in.ends[i + 1] + 1); // Lucene 10.3's iterator, as it is
            int gaps = end - start + 1 - width;
            if (plan.maxGaps() == Integer.MAX_VALUE) {
                out.add(start, end, gaps, width);
            } else if (gaps <= plan.maxGaps()) {
                out.add(start, end, gaps);
            } else {
                continue;
            }
            if (withLeaves) {
                int[] first = side.leaves()[i];
                int[] second = side.leaves()[i + 1];
                int[] words = Arrays.copyOf(first, first.length + second.length);
                System.arraycopy(second, 0, words, first.length, second.length);
                leaves.add(words);
            }
        }
        return new Evaluated(out.build(), withLeaves ? leaves.toArray(int[][]::new) : null);
    }

    /**
     * Lucene's {@code notContaining} iterator, step for step: for each minuend interval in its
     * order, the subtrahend's cursor moves on while it starts before the interval and ends before
     * the interval's end; the interval is kept if the subtrahend then starts after it (or has run
     * out, after which every later interval is kept). The cursor never moves back, exactly as
     * Lucene's does. The kept intervals keep their words (Lucene reports the minuend's).
     */
    private static Evaluated notContaining(NotContaining plan, Document document, boolean withLeaves) throws IOException {
        Evaluated minuend = run(plan.minuend(), document, withLeaves);
        if (minuend == null || minuend.list().size == 0) {
            return minuend;
        }
        Evaluated subtrahend = run(plan.subtrahend(), document, false);
        if (subtrahend == null) {
            return null;
        }
        IntervalList a = minuend.list();
        IntervalList b = subtrahend.list();
        if (b.size == 0) {
            return minuend; // Lucene's difference of a source absent from the document is the minuend itself
        }
        boolean[] kept = new boolean[a.size];
        int keptCount = 0;
        int bi = -1;
        boolean bpos = true;
        for (int i = 0; i < a.size; i++) {
            int start = a.starts[i];
            int end = a.ends[i];
            boolean keep;
            if (!bpos) {
                keep = true;
            } else {
                keep = false;
                boolean exhausted = false;
                while ((bi < 0 ? -1 : b.starts[bi]) < start && (bi < 0 ? -1 : b.ends[bi]) < end) {
                    if (++bi >= b.size) {
                        bpos = false;
                        exhausted = true;
                        break;
                    }
                }
                keep = exhausted || b.starts[bi] > end;
            }
            kept[i] = keep;
            keptCount += keep ? 1 : 0;
        }
        if (keptCount == a.size) {
            return minuend;
        }
        return keptOf(minuend, kept, keptCount, withLeaves); // Lucene's difference reports the width as end - start + 1
    }

    /**
     * Lucene 10.3's {@code NotContainedByIterator}, step for step: the big source's cursor starts
     * on its first interval and, for each small interval in its order, moves on while it ends
     * before the small one ends; the small interval is kept if the cursor then starts after it, or
     * has run out (then every later one is kept). Kept intervals keep their gaps and words, with
     * the width {@code end - start + 1} (Lucene's relative iterator does not pass the width on).
     */
    private static Evaluated notContainedBy(NotContainedBy plan, Document document, boolean withLeaves) throws IOException {
        Evaluated small = run(plan.small(), document, withLeaves);
        if (small == null || small.list().size == 0) {
            return small;
        }
        Evaluated big = run(plan.big(), document, false);
        if (big == null) {
            return null;
        }
        IntervalList a = small.list();
        IntervalList b = big.list();
        if (b.size == 0) {
            return small; // as for notContaining: Lucene's difference with a source absent from the document is the small source itself
        }
        boolean[] kept = new boolean[a.size];
        int keptCount = 0;
        int bi = 0;
        for (int i = 0; i < a.size; i++) {
            boolean keep;
            if (bi >= b.size) {
                keep = true;
            } else {
                while (bi < b.size && b.ends[bi] < a.ends[i]) {
                    bi++;
                }
                keep = bi >= b.size || a.starts[i] < b.starts[bi];
            }
            kept[i] = keep;
            keptCount += keep ? 1 : 0;
        }
        return keptOf(small, kept, keptCount, withLeaves);
    }

    /**
     * Lucene 10.3's containing iterator, step for step: the small source's cursor starts on its
     * first interval and, for each big interval in its order, moves on while it starts before and
     * ends before the big one (running out ends the iteration); the big interval is kept if it then
     * contains the cursor's interval. Kept intervals keep their gaps, width {@code end - start + 1}.
     */
    private static Evaluated containing(Containing plan, Document document, boolean withLeaves) throws IOException {
        Evaluated big = run(plan.big(), document, withLeaves);
        if (big == null || big.list().size == 0) {
            return big;
        }
        Evaluated small = run(plan.small(), document, false);
        if (small == null) {
            return null;
        }
        IntervalList a = big.list();
        IntervalList b = small.list();
        boolean[] kept = new boolean[a.size];
        int keptCount = 0;
        int bi = 0;
        for (int i = 0; i < a.size && bi < b.size; i++) {
            while (b.starts[bi] < a.starts[i] && b.ends[bi] < a.ends[i]) {
                if (++bi >= b.size) {
                    break;
                }
            }
            if (bi >= b.size) {
                break;
            }
            kept[i] = a.starts[i] <= b.starts[bi] && a.ends[i] >= b.ends[bi];
            keptCount += kept[i] ? 1 : 0;
        }
        return keptOf(big, kept, keptCount, withLeaves);
    }

    /** The kept intervals of {@code from}, with width {@code end - start + 1}, and their words. */
    private static Evaluated keptOf(Evaluated from, boolean[] kept, int keptCount, boolean withLeaves) {
        if (keptCount == 0) {
            return Evaluated.EMPTY;
        }
        IntervalList a = from.list();
        IntervalList.Builder out = new IntervalList.Builder();
        int[][] leaves = withLeaves ? new int[keptCount][] : null;
        int k = 0;
        for (int i = 0; i < a.size; i++) {
            if (kept[i]) {
                out.add(a.starts[i], a.ends[i], a.gaps[i]);
                if (withLeaves) {
                    leaves[k] = from.leaves()[i];
                }
                k++;
            }
        }
        return new Evaluated(out.build(), leaves);
    }

    /** Lucene's disjunction queue order: earlier end first, on the same end the later start (the shorter interval). */
    private static boolean before(IntervalList a, int i, IntervalList b, int j) {
        return a.ends[i] < b.ends[j] || (a.ends[i] == b.ends[j] && a.starts[i] > b.starts[j]);
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
                gaps -= side.width(); // as Lucene subtracts each side's width
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

        /** Only asked while the cursor stands on an interval. */
        int width() {
            return list.width(index);
        }

        int next() {
            if (index < list.size) {
                index++;
            }
            return start();
        }
    }
}
