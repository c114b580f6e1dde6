package io.newswatch.matching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * Alias groups read once per segment by all the parts of a rule's query that name them, while an
 * archive search sets its scorers up ({@link #during}).
 *
 * <p>A rule's query run over an index is the disjunction of its parts, and each part opens its own
 * iterators: a term seek and a positions enum per word of every alias group it names, per segment
 * (the shipped {@code treaty} rule's ~35 parts each name {@code @countries} and other large groups).
 * Within a sharing, an alias group's words ({@link WordSetIntervalsSource}) are opened once per
 * segment and field, and read in document order into a buffer (each document's positions, the
 * words merged); every part gets its own iterator over that buffer. A part may skip ahead while
 * another still needs the documents it skipped, so the buffer reads every document of the group up
 * to the furthest one asked for, and keeps them for the sharing's life (one search).
 *
 * <p>The iterator yields exactly what Lucene's disjunction of the words' term intervals yields: per
 * document, each position holding one of the words once, in order (equal intervals are one).
 */
public final class WordSetSharing {
    private static final ThreadLocal<WordSetSharing> CURRENT = new ThreadLocal<>();

    private final Map<Key, Buffer> buffers = new HashMap<>();

    /** {@code words}: an alias group's word list, or a wildcard's prefix. */
    private record Key(Object words, String field, LeafReaderContext context) {}

    /** Used while setting scorers up on this thread ({@link #during}); kept by the search that owns it. */
    public WordSetSharing() {}

    /** Makes this sharing the one this thread's interval set-ups use until the returned scope is closed. */
    public Scope during() {
        WordSetSharing previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The set-up scope of {@link #during}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The shared iterator of {@code words} in the segment when a sharing is in use on this thread; null otherwise. */
    static IntervalIterator intervals(List<String> words, String field, LeafReaderContext ctx) throws IOException {
        WordSetSharing sharing = CURRENT.get();
        if (sharing == null || ctx.reader().maxDoc() == 1) {
            return null; // no sharing, or the matcher's one-document reader (its own recordings share there)
        }
        Key key = new Key(words, field, ctx);
        Buffer buffer = sharing.buffers.get(key);
        if (buffer == null) {
            buffer = Buffer.open(words, field, ctx);
            sharing.buffers.put(key, buffer);
        }
        return buffer == Buffer.EMPTY ? null : buffer.iterator();
    }

    /**
     * The shared iterator of the words starting with {@code prefix} in the segment when a sharing is in use on this
     * thread; null otherwise, and when the prefix has more than {@code maxExpansions} words there (Lucene's own
     * source then says so as it always does).
     */
    static IntervalIterator prefixIntervals(BytesRef prefix, int maxExpansions, String field, LeafReaderContext ctx) throws IOException {
        WordSetSharing sharing = CURRENT.get();
        if (sharing == null || ctx.reader().maxDoc() == 1) {
            return null;
        }
        Key key = new Key(BytesRef.deepCopyOf(prefix), field, ctx);
        Buffer buffer = sharing.buffers.get(key);
        if (buffer == null) {
            buffer = Buffer.openPrefix(prefix, maxExpansions, field, ctx);
            sharing.buffers.put(key, buffer);
        }
        return buffer == Buffer.EMPTY || buffer == Buffer.TOO_MANY ? null : buffer.iterator();
    }

    /** A word set's documents and positions in one segment, read in document order as far as asked. */
    private static final class Buffer {
        static final Buffer EMPTY = new Buffer(new PostingsEnum[0], 0);
        static final Buffer TOO_MANY = new Buffer(new PostingsEnum[0], 0);

        private final PostingsEnum[] heap;
        private int size;
        private final long cost;
        private int[] docs = new int[16];
        /** Where each buffered document's positions start in {@link #positions}; one more entry than documents. */
        private int[] starts = new int[17];
        private int[] positions = new int[64];
        private int docCount;
        private boolean exhausted;

        private Buffer(PostingsEnum[] heap, long cost) {
            this.heap = heap;
            this.size = heap.length;
            this.cost = cost;
        }

        static Buffer open(List<String> words, String field, LeafReaderContext ctx) throws IOException {
            Terms terms = ctx.reader().terms(field);
            if (terms == null) {
                return EMPTY;
            }
            TermsEnum te = terms.iterator();
            List<PostingsEnum> open = new ArrayList<>();
            long cost = 0;
            for (String word : words) {
                if (te.seekExact(new BytesRef(word))) {
                    cost += openTerm(te, open);
                }
            }
            return of(open, cost);
        }

        static Buffer openPrefix(BytesRef prefix, int maxExpansions, String field, LeafReaderContext ctx) throws IOException {
            Terms terms = ctx.reader().terms(field);
            if (terms == null) {
                return EMPTY;
            }
            TermsEnum te = terms.iterator();
            List<PostingsEnum> open = new ArrayList<>();
            long cost = 0;
            if (te.seekCeil(prefix) != TermsEnum.SeekStatus.END) {
                for (BytesRef word = te.term(); word != null && StringHelper.startsWith(word, prefix); word = te.next()) {
                    if (open.size() == maxExpansions) {
                        return TOO_MANY;
                    }
                    cost += openTerm(te, open);
                }
            }
            return of(open, cost);
        }

        /** Opens the positions of the term {@code te} is on, on its first document, into {@code open}; its document count (the cost it adds). */
        private static int openTerm(TermsEnum te, List<PostingsEnum> open) throws IOException {
            PostingsEnum p = te.postings(null, PostingsEnum.POSITIONS);
            int docFreq = te.docFreq();
            p.nextDoc();
            open.add(p);
            return docFreq;
        }

        private static Buffer of(List<PostingsEnum> open, long cost) {
            if (open.isEmpty()) {
                return EMPTY;
            }
            Buffer buffer = new Buffer(open.toArray(PostingsEnum[]::new), cost);
            for (int i = buffer.size / 2 - 1; i >= 0; i--) {
                buffer.down(i);
            }
            return buffer;
        }

        Iterator iterator() {
            return new Iterator(this);
        }

        /** The index of the first buffered document at or after {@code target}, reading on as needed; docCount when none. */
        int find(int from, int target) throws IOException {
            while (!exhausted && (docCount == 0 || docs[docCount - 1] < target)) {
                readNext();
            }
            if (docCount == 0 || docs[docCount - 1] < target) {
                return docCount;
            }
            int at = Arrays.binarySearch(docs, from, docCount, target);
            return at >= 0 ? at : -at - 1;
        }

        private void readNext() throws IOException {
            int doc = heap[0].docID();
            if (doc == DocIdSetIterator.NO_MORE_DOCS) {
                exhausted = true;
                return;
            }
            docs = ArrayUtil.grow(docs, docCount + 1);
            starts = ArrayUtil.grow(starts, docCount + 2);
            int first = starts[docCount];
            int end = first;
            while (heap[0].docID() == doc) {
                PostingsEnum p = heap[0];
                int freq = p.freq();
                positions = ArrayUtil.grow(positions, end + freq);
                for (int i = 0; i < freq; i++) {
                    positions[end++] = p.nextPosition();
                }
                p.nextDoc();
                down(0);
            }
            Arrays.sort(positions, first, end);
            int unique = first;
            for (int i = first; i < end; i++) {
                if (i == first || positions[i] != positions[unique - 1]) {
                    positions[unique++] = positions[i];
                }
            }
            docs[docCount] = doc;
            starts[++docCount] = unique;
        }

        private void down(int i) {
            PostingsEnum moving = heap[i];
            int doc = moving.docID();
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heap[child + 1].docID() < heap[child].docID()) {
                    child++;
                }
                if (heap[child].docID() >= doc) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = moving;
        }
    }

    /** One part's iterator over a shared buffer. */
    private static final class Iterator extends IntervalIterator {
        private final Buffer buffer;
        /** The buffered document this iterator is on; -1 before the first. */
        private int at = -1;
        private int doc = -1;
        /** The current position's index in the buffer's positions; below the document's first before the first interval. */
        private int position;

        Iterator(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int docID() {
            return doc;
        }

        @Override
        public int nextDoc() throws IOException {
            return advance(doc + 1);
        }

        @Override
        public int advance(int target) throws IOException {
            at = buffer.find(Math.max(at, 0), target);
            if (at >= buffer.docCount) {
                doc = NO_MORE_DOCS;
            } else {
                doc = buffer.docs[at];
                position = buffer.starts[at] - 1;
            }
            return doc;
        }

        @Override
        public long cost() {
            return buffer.cost;
        }

        @Override
        public int start() {
            if (doc == NO_MORE_DOCS) {
                return NO_MORE_INTERVALS;
            }
            if (doc == -1 || position < buffer.starts[at]) {
                return -1;
            }
            return position >= buffer.starts[at + 1] ? NO_MORE_INTERVALS : buffer.positions[position];
        }

        @Override
        public int end() {
            return start();
        }

        @Override
        public int gaps() {
            return 0;
        }

        @Override
        public int nextInterval() {
            if (doc == NO_MORE_DOCS || doc == -1) {
                return NO_MORE_INTERVALS;
            }
            if (position < buffer.starts[at + 1]) {
                position++;
            }
            return start();
        }

        @Override
        public float matchCost() {
            return 1;
        }

        @Override
        public String toString() {
            return "shared word set @ " + doc;
        }
    }
}
