package io.newswatch.archive;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.FilterLeafReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOBooleanSupplier;

/**
 * Where each word a search looked up lies in each segment's term dictionary, kept while the
 * segment exists. A rule's query names the same alias groups (hundreds of words each) in many of
 * its parts, and setting the query up on a segment seeks every word of every part in the
 * segment's term dictionary: the same word many times per segment, and again for the next query
 * using the same group (another rule, a rule being edited, a later page). A segment never changes
 * once written, so the position a seek found (Lucene's {@link TermState}, or "not there") stays
 * true; a seek already made is answered from it without reading the dictionary again. Matches,
 * scores and highlights do not change: the postings read are the same.
 *
 * <p>Searches see it through {@link #searcher}, a view of the point-in-time reader whose term
 * dictionaries answer known seeks from here (everything else is the reader's own). Entries of a
 * segment go when the segment is closed (merged away); at most {@code maxEntries} (words and
 * absent words, over all segments) are kept, beyond which seeks are made as usual and not kept.
 * Each entry is a few dozen bytes plus the word. Thread-safe.
 */
final class SegmentTermStates implements AutoCloseable {
    /** Entries kept at most by default (about 150 bytes each: some 30 MB when full). */
    static final int DEFAULT_MAX_ENTRIES = 200_000;
    private static final Object ABSENT = new Object();

    private final int maxEntries;
    private final AtomicInteger entries = new AtomicInteger();
    private final Map<IndexReader.CacheKey, Map<String, Map<BytesRef, Object>>> segments = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private volatile boolean closed;

    /** @param maxEntries words (and absent words) kept at most over all segments; 0 keeps none */
    SegmentTermStates(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** Seeks answered from kept positions, seeks made in the dictionary, entries kept (tests and benchmarks). */
    record Stats(long hits, long misses, int entries) {}

    Stats stats() {
        return new Stats(hits.get(), misses.get(), entries.get());
    }

    /**
     * A searcher over {@code shared}'s point-in-time reader whose term seeks go through the kept
     * positions; its similarity is {@code shared}'s, it has no query cache. The reader itself is
     * {@code shared}'s: nothing is opened or closed.
     */
    IndexSearcher searcher(IndexSearcher shared) throws IOException {
        IndexReader reader = shared.getIndexReader();
        IndexSearcher searcher = new IndexSearcher(maxEntries == 0 || closed || !(reader instanceof DirectoryReader directory)
                ? reader : new View(directory, this));
        searcher.setSimilarity(shared.getSimilarity());
        searcher.setQueryCache(null);
        return searcher;
    }

    /** Drops every entry; later searchers read the dictionaries directly. */
    @Override
    public void close() {
        closed = true;
        segments.clear();
        entries.set(0);
    }

    /** The kept positions of one segment's field, or null when the segment cannot be told apart (no core key). */
    private Map<BytesRef, Object> field(LeafReader segment, String field) {
        IndexReader.CacheHelper core = segment.getCoreCacheHelper();
        if (core == null || closed) {
            return null;
        }
        Map<String, Map<BytesRef, Object>> fields = segments.get(core.getKey());
        if (fields == null) {
            Map<String, Map<BytesRef, Object>> made = new ConcurrentHashMap<>();
            fields = segments.putIfAbsent(core.getKey(), made);
            if (fields == null) {
                fields = made;
                // When the segment goes (merged away, the reader closed), its entries go with it.
                core.addClosedListener(this::drop);
            }
        }
        return fields.computeIfAbsent(field, f -> new ConcurrentHashMap<>());
    }

    private void drop(IndexReader.CacheKey core) {
        Map<String, Map<BytesRef, Object>> fields = segments.remove(core);
        if (fields != null) {
            fields.values().forEach(words -> entries.addAndGet(-words.size()));
        }
    }

    private void keep(Map<BytesRef, Object> words, BytesRef word, Object position) {
        if (closed || entries.incrementAndGet() > maxEntries) {
            entries.decrementAndGet();
            return;
        }
        if (words.putIfAbsent(BytesRef.deepCopyOf(word), position) != null) {
            entries.decrementAndGet(); // another search kept it meanwhile
        }
    }

    /** The point-in-time reader, its segments answering known seeks from the kept positions. */
    private static final class View extends FilterDirectoryReader {
        private final SegmentTermStates states;

        View(DirectoryReader in, SegmentTermStates states) throws IOException {
            super(in, new SubReaderWrapper() {
                @Override
                public LeafReader wrap(LeafReader reader) {
                    return new Segment(reader, states);
                }
            });
            this.states = states;
        }

        @Override
        protected DirectoryReader doWrapDirectoryReader(DirectoryReader in) throws IOException {
            return new View(in, states);
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return in.getReaderCacheHelper();
        }

        @Override
        protected void doClose() {
            // The shared reader belongs to the archive's searcher manager: never closed through this view.
        }
    }

    /** One segment as is, but for its term dictionaries' seeks. The content is the segment's: its cache keys are too. */
    private static final class Segment extends FilterLeafReader {
        private final SegmentTermStates states;

        Segment(LeafReader in, SegmentTermStates states) {
            super(in);
            this.states = states;
        }

        @Override
        public Terms terms(String field) throws IOException {
            Terms terms = super.terms(field);
            Map<BytesRef, Object> words = terms == null ? null : states.field(in, field);
            if (words == null) {
                return terms;
            }
            return new FilterTerms(terms) {
                @Override
                public TermsEnum iterator() throws IOException {
                    return new Seeks(in.iterator(), words, states);
                }
            };
        }

        @Override
        public CacheHelper getCoreCacheHelper() {
            return in.getCoreCacheHelper();
        }

        @Override
        public CacheHelper getReaderCacheHelper() {
            return in.getReaderCacheHelper();
        }
    }

    /** A term dictionary's enum whose exact seeks are answered from the kept positions where known. */
    private static final class Seeks extends FilterLeafReader.FilterTermsEnum {
        private final Map<BytesRef, Object> words;
        private final SegmentTermStates states;

        Seeks(TermsEnum in, Map<BytesRef, Object> words, SegmentTermStates states) {
            super(in);
            this.words = words;
            this.states = states;
        }

        @Override
        public boolean seekExact(BytesRef word) throws IOException {
            Object known = words.get(word);
            if (known != null) {
                states.hits.incrementAndGet();
                if (known == ABSENT) {
                    return false;
                }
                in.seekExact(word, (TermState) known);
                return true;
            }
            states.misses.incrementAndGet();
            boolean found = in.seekExact(word);
            states.keep(words, word, found ? in.termState() : ABSENT);
            return found;
        }

        @Override
        public IOBooleanSupplier prepareSeekExact(BytesRef word) throws IOException {
            Object known = words.get(word);
            if (known != null) {
                BytesRef copy = BytesRef.deepCopyOf(word);
                return () -> seekExact(copy);
            }
            IOBooleanSupplier seek = in.prepareSeekExact(word);
            if (seek == null) {
                return null; // the dictionary knows the word is not there without reading it
            }
            BytesRef copy = BytesRef.deepCopyOf(word);
            return () -> {
                states.misses.incrementAndGet();
                boolean found = seek.get();
                states.keep(words, copy, found ? in.termState() : ABSENT);
                return found;
            };
        }
    }
}
