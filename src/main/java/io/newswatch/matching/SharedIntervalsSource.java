package io.newswatch.matching;

import java.io.IOException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.queries.intervals.IntervalMatchesIterator;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.ArrayUtil;

/**
 * One interval source of the rule language (an alias group, a wildcard, a word, a {@code NEAR}
 * ...) shared by every rule that uses it, and evaluated at most once per document.
 *
 * <p>The first time a rule part asks for its intervals in a document, the wrapped Lucene source
 * runs as usual and every interval it yields (start, end, gaps, width) is recorded; every later
 * rule part on the same document replays that list instead of seeking the document's terms,
 * expanding the wildcard or re-running the {@code NEAR} again. A replay yields exactly what the
 * wrapped source yields, so matches and scores do not change. Highlights ({@link #matches}) come
 * from the wrapped source itself: they are only asked for on parts that matched.
 *
 * <p>The recordings live in a per-thread table keyed by the document's reader: Monitor matches a
 * document on the calling thread, one document at a time, so a thread sees one document's reader
 * until the next one replaces it. Only one-document readers (Monitor's MemoryIndex) are recorded;
 * against any other index (an archive searched with a rule's query) the wrapped source runs as is,
 * so a compiled rule stays an ordinary Lucene query. Equality and hash code are the wrapped source's, the hash
 * computed once, so Lucene's own deduplication of equal sources still happens and hashing a rule
 * never walks its whole tree again.
 */
final class SharedIntervalsSource extends IntervalsSource {
    private static final ThreadLocal<DocumentRecordings> RECORDINGS = ThreadLocal.withInitial(DocumentRecordings::new);

    private final IntervalsSource inner;
    private final String field;
    private final int hash;
    private SharedIntervalsSource(IntervalsSource inner, String field) {
        this.inner = inner;
        this.field = field;
        this.hash = inner.hashCode();
    }

    /** Shares {@code inner}, a source the query field {@code field} asks for. */
    static SharedIntervalsSource of(IntervalsSource inner, String field) {
        return new SharedIntervalsSource(inner, field);
    }

    /** Lets go of the current thread's recordings (and the document they hold); the next document starts afresh anyway. */
    static void forgetDocument() {
        RECORDINGS.get().forget();
    }

    @Override
    public IntervalIterator intervals(String queryField, LeafReaderContext ctx) throws IOException {
        if (!field.equals(queryField) || ctx.reader().maxDoc() != 1) {
            // Recordings are per one-document reader (Monitor's); an on-disk index (archive search) runs the source as is.
            return inner.intervals(queryField, ctx);
        }
        Recording recording = RECORDINGS.get().recording(this, ctx);
        if (recording.failure != null) {
            throw recording.failure;
        }
        return recording.absent ? null : new Replay(recording);
    }

    @Override
    public IntervalMatchesIterator matches(String queryField, LeafReaderContext ctx, int doc) throws IOException {
        return inner.matches(queryField, ctx, doc);
    }

    @Override
    public void visit(String queryField, QueryVisitor visitor) {
        inner.visit(queryField, visitor);
    }

    @Override
    public int minExtent() {
        return inner.minExtent();
    }

    @Override
    public Collection<IntervalsSource> pullUpDisjunctions() {
        return List.of(this);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other instanceof SharedIntervalsSource shared) {
            return hash == shared.hash && inner.equals(shared.inner);
        }
        return other instanceof IntervalsSource && inner.equals(other);
    }

    @Override
    public String toString() {
        return inner.toString();
    }

    /** What the wrapped source yields on one document. */
    private static final class Recording {
        boolean absent;
        boolean onDocument;
        IOException failure;
        RuntimeException runtimeFailure;
        int size;
        int[] starts = new int[4];
        int[] ends = new int[4];
        int[] gaps = new int[4];
        int[] widths = new int[4];
        float matchCost;
        long cost;

        void add(IntervalIterator it) {
            if (size == starts.length) {
                int grown = ArrayUtil.oversize(size + 1, Integer.BYTES);
                starts = ArrayUtil.growExact(starts, grown);
                ends = ArrayUtil.growExact(ends, grown);
                gaps = ArrayUtil.growExact(gaps, grown);
                widths = ArrayUtil.growExact(widths, grown);
            }
            starts[size] = it.start();
            ends[size] = it.end();
            gaps[size] = it.gaps();
            widths[size] = it.width();
            size++;
        }
    }

    /** Recordings of the document a thread is matching now; replaced when the reader changes. */
    private static final class DocumentRecordings {
        private LeafReader reader;
        private final Map<SharedIntervalsSource, Recording> recordings = new IdentityHashMap<>();

        void forget() {
            reader = null;
            recordings.clear();
        }

        Recording recording(SharedIntervalsSource source, LeafReaderContext ctx) throws IOException {
            if (ctx.reader() != reader) {
                reader = ctx.reader();
                recordings.clear();
            }
            Recording recording = recordings.get(source);
            if (recording == null) {
                recording = record(source, ctx);
                recordings.put(source, recording);
            }
            if (recording.runtimeFailure != null) {
                throw recording.runtimeFailure;
            }
            return recording;
        }

        private static Recording record(SharedIntervalsSource source, LeafReaderContext ctx) throws IOException {
            Recording recording = new Recording();
            try {
                IntervalIterator it = source.inner.intervals(source.field, ctx);
                if (it == null) {
                    recording.absent = true;
                    return recording;
                }
                recording.matchCost = it.matchCost();
                recording.cost = it.cost();
                // A Monitor document batch of one: the document is doc 0.
                if (it.nextDoc() == 0) {
                    recording.onDocument = true;
                    for (int start = it.nextInterval(); start != IntervalIterator.NO_MORE_INTERVALS; start = it.nextInterval()) {
                        recording.add(it);
                    }
                }
            } catch (IOException e) {
                recording.failure = e;
            } catch (RuntimeException e) {
                // For instance a wildcard with too many expansions: every use of it fails as the first did.
                recording.runtimeFailure = e;
            }
            return recording;
        }
    }

    /** Plays a recording back as an interval iterator over the one document. */
    private static final class Replay extends IntervalIterator {
        private final Recording recording;
        private int doc = -1;
        private int index = -1;

        Replay(Recording recording) {
            this.recording = recording;
        }

        @Override
        public int start() {
            if (index < 0) {
                return -1;
            }
            return index < recording.size ? recording.starts[index] : NO_MORE_INTERVALS;
        }

        @Override
        public int end() {
            if (index < 0) {
                return -1;
            }
            return index < recording.size ? recording.ends[index] : NO_MORE_INTERVALS;
        }

        @Override
        public int gaps() {
            return recording.gaps[index];
        }

        @Override
        public int width() {
            return recording.widths[index];
        }

        @Override
        public int nextInterval() {
            if (index < recording.size) {
                index++;
            }
            return start();
        }

        @Override
        public float matchCost() {
            return recording.matchCost;
        }

        @Override
        public int docID() {
            return doc;
        }

        @Override
        public int nextDoc() {
            return advance(doc + 1);
        }

        @Override
        public int advance(int target) {
            index = -1;
            doc = target <= 0 && recording.onDocument ? 0 : NO_MORE_DOCS;
            return doc;
        }

        @Override
        public long cost() {
            return recording.cost;
        }
    }
}
