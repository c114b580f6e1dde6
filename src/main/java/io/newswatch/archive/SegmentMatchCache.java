package io.newswatch.archive;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.intervals.IntervalQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.jboss.logging.Logger;

/**
 * The matches of expensive queries (a rule's query: NEAR/BEFORE interval queries over alias groups
 * of hundreds of words), per index segment, with their scores. A segment never changes once
 * written, so its matches for a query stay true for as long as the segment exists; deletions
 * (retention, a record replaced) are applied when searching, from the segment's live documents, so
 * the entries are valid whatever is deleted later. A new segment (a commit, a merge) has no entry
 * and is searched the ordinary way until its entry is filled; entries of a segment are dropped when
 * the segment is closed (merged away), and the least recently used entries when the cache is
 * larger than its bound.
 *
 * <p>Entries are filled in the background (one thread, {@code newswatch-archive-cache}, started on
 * demand and ended when idle): a search that meets a segment without an entry runs it the ordinary
 * way (with the search's count budget) and asks for the fill, so the first search of a query costs
 * what it did without the cache, and the following ones read the cached matches: the total, the
 * histogram, the newest-first page and the ranking by score then come from them without running the
 * query's interval matching. Cached scores are computed with the archive's word statistics as of
 * the fill; BM25 parts of a query's score (plain words) may therefore differ slightly from a fresh
 * computation once many documents were added since (interval parts do not use such statistics).
 *
 * <p>The same thread runs, ahead of the fills waiting there, the work of {@link #beforeFills}: the
 * readying of the rules in force when they change, which then queues their pre-fill.
 */
final class SegmentMatchCache {
    private static final Logger LOG = Logger.getLogger(SegmentMatchCache.class);
    /** Default bound of the cache's memory (the matches' doc ids and scores plus per-entry overhead). */
    static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Queries waiting to be filled at most; more are not queued (a later search asks again). */
    private static final int MAX_PENDING = 16;
    private static final long ENTRY_OVERHEAD = 96;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long maxBytes;
    private final Filler filler;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<IndexReader.CacheKey> watchedCores = new HashSet<>();
    private final Set<Query> pending = new LinkedHashSet<>();
    private long bytes;
    private long hits;
    private long misses;
    private long fills;
    private long fillCpuNanos;
    private long evictions;
    /** Work to run on the fill thread before the fills waiting there ({@link #beforeFills}), in the order asked. */
    private final ArrayDeque<Before> before = new ArrayDeque<>();
    /** Work of {@link #beforeFills} taken from {@link #before} and still running. */
    private int beforeRunning;
    private volatile boolean closed;
    private ThreadPoolExecutor executor;

    /** One piece of {@link #beforeFills} work, and what completes when it is done (or cancelled when the cache closes first). */
    private record Before(Runnable work, CompletableFuture<?> done) {}

    /** How a query is filled: runs {@code fill} on a point-in-time searcher of the archive. */
    @FunctionalInterface
    interface Filler {
        void withSearcher(ArchiveIndex.SearchFunction<Void> fill) throws IOException;
    }

    /**
     * @param maxBytes bound of the memory the entries take; 0 disables the cache
     * @param filler   gives the background fill a searcher of the archive as it is now
     */
    SegmentMatchCache(long maxBytes, Filler filler) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache size must not be negative, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.filler = filler;
    }

    /** Counters for tests, benchmarks and the log. */
    record Stats(int entries, long bytes, long hits, long misses, long fills, long fillCpuNanos, long evictions) {}

    synchronized Stats stats() {
        return new Stats(entries.size(), bytes, hits, misses, fills, fillCpuNanos, evictions);
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * The query to run in place of {@code query}: one that reads cached matches where they exist, for
     * an expensive query ({@link #worthCaching}); {@code query} itself otherwise or when disabled.
     */
    Query wrap(Query query) {
        if (maxBytes == 0 || closed || !worthCaching(query)) {
            return query;
        }
        return new Cached(query, this);
    }

    /**
     * Whether running the query over a segment costs enough to keep its matches: it has NEAR/BEFORE
     * (interval) parts, or more than 16 words and wildcards. A word or phrase is read from its
     * postings in milliseconds even over a million documents and is not cached.
     */
    static boolean worthCaching(Query query) {
        boolean[] intervals = {false};
        int[] leaves = {0};
        query.visit(new QueryVisitor() {
            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                intervals[0] |= parent instanceof IntervalQuery;
                return this;
            }

            @Override
            public void consumeTerms(Query q, Term... terms) {
                intervals[0] |= q instanceof IntervalQuery;
                leaves[0] += terms.length;
            }

            @Override
            public void consumeTermsMatching(Query q, String field, Supplier<ByteRunAutomaton> automaton) {
                intervals[0] |= q instanceof IntervalQuery;
                leaves[0] += 16;
            }

            @Override
            public void visitLeaf(Query q) {
                intervals[0] |= q instanceof IntervalQuery || q instanceof PartQuery;
                leaves[0]++;
            }
        });
        return intervals[0] || leaves[0] > 16;
    }

    /** Waits until no fill (nor {@link #beforeFills} work) is pending or running (tests and benchmarks); false when {@code timeout} passed first. */
    boolean awaitFills(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (this) {
                if (pending.isEmpty() && before.isEmpty() && beforeRunning == 0) {
                    return true;
                }
            }
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /** Stops filling (a running fill ends at its next check) and drops every entry. */
    void close() {
        closed = true;
        ThreadPoolExecutor e;
        synchronized (this) {
            e = executor;
            executor = null;
            entries.clear();
            pending.clear();
            before.forEach(b -> b.done().cancel(false));
            before.clear();
            bytes = 0;
        }
        if (e != null) {
            e.shutdownNow();
        }
    }

    private synchronized Entry get(Key key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            hits++;
        } else {
            misses++;
        }
        return entry;
    }

    private synchronized boolean has(Key key) {
        return entries.containsKey(key);
    }

    /**
     * Asks the background thread to fill the entries of {@code form} (a query as {@link #wrap} returned
     * it) for every segment that has none, ahead of any search: the pre-fill of the rules in force. The
     * thread then works at most half the time (it pauses after each segment as long as that segment
     * took), so a pre-fill never takes a whole core from the alert path. False when {@code form} is not
     * cached (a cheap query, the cache off) or the queue of fills is full.
     */
    boolean prefill(Query form) {
        if (!(form instanceof Cached cached) || cached.cache != this) {
            return false;
        }
        return requestFill(cached.query(), true);
    }

    private boolean requestFill(Query query) {
        return requestFill(query, false);
    }

    private boolean requestFill(Query query, boolean paced) {
        synchronized (this) {
            if (closed || pending.contains(query) || pending.size() >= MAX_PENDING) {
                return false;
            }
            pending.add(query);
            executor().execute(() -> {
                runBefore();
                runFill(query, paced);
            });
            return true;
        }
    }

    /**
     * Runs {@code work} on the fill thread (low priority) ahead of the fills waiting there (a fill in progress
     * ends first) and completes with its result: the rules in force are readied there when they change, and
     * their pre-fill queued then ({@link ArchiveSearcher#rulesInForce}). Runs whether the cache is enabled or
     * not; {@link #awaitFills} waits for it too. Cancelled when the cache is closed before it ran.
     */
    <T> CompletableFuture<T> beforeFills(Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                done.cancel(false);
                return done;
            }
            before.add(new Before(() -> {
                try {
                    done.complete(work.get());
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }, done));
            executor().execute(this::runBefore);
        }
        return done;
    }

    /** Runs the {@link #beforeFills} work waiting, if any: first in every task of the fill thread. */
    private void runBefore() {
        while (true) {
            Before next;
            synchronized (this) {
                next = before.poll();
                if (next == null) {
                    return;
                }
                beforeRunning++;
            }
            try {
                next.work().run();
            } finally {
                synchronized (this) {
                    beforeRunning--;
                }
            }
        }
    }

    /** The fill thread's executor, made when first needed (its one thread ends when idle). */
    private synchronized ThreadPoolExecutor executor() {
        if (executor == null) {
            executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "newswatch-archive-cache");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                return t;
            });
            executor.allowCoreThreadTimeOut(true);
        }
        return executor;
    }

    private void runFill(Query query, boolean paced) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        try {
            filler.withSearcher(searcher -> {
                fill(query, searcher, paced);
                return null;
            });
        } catch (AlreadyClosedException e) {
            // the archive was closed meanwhile: nothing to fill
        } catch (IOException | RuntimeException e) {
            LOG.warnf("archive search cache: could not keep the matches of a query (%s); searches run it uncached", e.getMessage());
        } finally {
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            synchronized (this) {
                pending.remove(query);
                fillCpuNanos += cpu;
            }
        }
    }

    /** Fills the entries of {@code query} for every segment of {@code shared}'s reader that has none. */
    void fill(Query query, IndexSearcher shared) throws IOException {
        fill(query, shared, false);
    }

    private void fill(Query query, IndexSearcher shared, boolean paced) throws IOException {
        int hash = query.hashCode();
        List<LeafReaderContext> missing = new ArrayList<>();
        for (LeafReaderContext leaf : shared.getIndexReader().leaves()) {
            IndexReader.CacheHelper core = leaf.reader().getCoreCacheHelper();
            if (core != null && !has(new Key(query, hash, core.getKey()))) {
                missing.add(leaf);
            }
        }
        if (missing.isEmpty() || closed) {
            return;
        }
        IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
        searcher.setSimilarity(shared.getSimilarity());
        searcher.setQueryCache(null);
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE, 1f);
        for (LeafReaderContext leaf : missing) {
            long started = paced ? THREADS.getCurrentThreadCpuTime() : 0;
            Entry entry = matches(weight, leaf);
            if (entry == null) {
                return; // closed meanwhile
            }
            if (entry.bytes() > maxBytes / 2) {
                LOG.debugf("archive search cache: a query matches %,d records of one segment, more than half the cache holds; not kept",
                        entry.size);
                return;
            }
            put(new Key(query, hash, leaf.reader().getCoreCacheHelper().getKey()), entry, leaf.reader().getCoreCacheHelper());
            if (paced) {
                long tookMillis = (THREADS.getCurrentThreadCpuTime() - started) / 1_000_000;
                try {
                    Thread.sleep(Math.min(tookMillis, 10_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // closed: stop filling
                    return;
                }
            }
        }
    }

    /** Every match of the segment, deleted records included (they are left out when searching), with its score. */
    private Entry matches(Weight weight, LeafReaderContext leaf) throws IOException {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
            return new Entry(new int[0], new float[0], 0);
        }
        int[] docs = new int[64];
        float[] scores = new float[64];
        int n = 0;
        float max = 0;
        DocIdSetIterator it = scorer.iterator();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
            if ((n & 0x3ff) == 0 && closed) {
                return null;
            }
            if (n == docs.length) {
                docs = Arrays.copyOf(docs, n * 2);
                scores = Arrays.copyOf(scores, n * 2);
            }
            float score = scorer.score();
            docs[n] = doc;
            scores[n] = score;
            max = Math.max(max, score);
            n++;
        }
        return closed ? null : new Entry(Arrays.copyOf(docs, n), Arrays.copyOf(scores, n), max);
    }

    private void put(Key key, Entry entry, IndexReader.CacheHelper core) {
        boolean watch;
        synchronized (this) {
            if (closed) {
                return;
            }
            Entry old = entries.put(key, entry);
            bytes += entry.bytes() - (old == null ? 0 : old.bytes());
            fills++;
            Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                Map.Entry<Key, Entry> e = eldest.next();
                bytes -= e.getValue().bytes();
                eldest.remove();
                evictions++;
            }
            watch = watchedCores.add(key.core());
        }
        if (watch) {
            // When the segment goes (merged away, the reader closed), its entries go with it.
            core.addClosedListener(this::dropCore);
        }
    }

    private synchronized void dropCore(IndexReader.CacheKey core) {
        watchedCores.remove(core);
        Iterator<Map.Entry<Key, Entry>> all = entries.entrySet().iterator();
        while (all.hasNext()) {
            Map.Entry<Key, Entry> e = all.next();
            if (e.getKey().core() == core) {
                bytes -= e.getValue().bytes();
                all.remove();
            }
        }
    }

    /** A query and a segment; the query's hash is computed once (a rule's query is a large tree). */
    private record Key(Query query, int hash, IndexReader.CacheKey core) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.hash == hash && k.core == core && (k.query == query || k.query.equals(query));
        }

        @Override
        public int hashCode() {
            return hash * 31 + System.identityHashCode(core);
        }
    }

    /** The matching doc ids of a segment, ascending, with their scores. */
    private static final class Entry {
        final int[] docs;
        final float[] scores;
        final float maxScore;
        final int size;

        Entry(int[] docs, float[] scores, float maxScore) {
            this.docs = docs;
            this.scores = scores;
            this.maxScore = maxScore;
            this.size = docs.length;
        }

        long bytes() {
            return ENTRY_OVERHEAD + 8L * size;
        }
    }

    /** An expensive query whose cached matches are read where a segment has them. */
    static final class Cached extends Query {
        private final Query query;
        private final SegmentMatchCache cache;
        private final int hash;

        Cached(Query query, SegmentMatchCache cache) {
            this.query = query;
            this.cache = cache;
            this.hash = query.hashCode();
        }

        Query query() {
            return query;
        }

        @Override
        public Query rewrite(IndexSearcher searcher) {
            return this; // the wrapped query is rewritten only where a segment has no entry
        }

        @Override
        public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
            return new Weight(this) {
                private Weight uncached;

                private synchronized Weight uncached() throws IOException {
                    if (uncached == null) {
                        uncached = searcher.createWeight(searcher.rewrite(query), scoreMode, boost);
                    }
                    return uncached;
                }

                @Override
                public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                    IndexReader.CacheHelper core = context.reader().getCoreCacheHelper();
                    Entry entry = core == null ? null : cache.get(new Key(query, hash, core.getKey()));
                    if (entry == null) {
                        if (core != null) {
                            cache.requestFill(query);
                        }
                        return uncached().scorerSupplier(context);
                    }
                    if (entry.size == 0) {
                        return null;
                    }
                    return new ScorerSupplier() {
                        @Override
                        public Scorer get(long leadCost) {
                            return new CachedScorer(entry, boost);
                        }

                        @Override
                        public long cost() {
                            return entry.size;
                        }
                    };
                }

                @Override
                public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                    return uncached().explain(context, doc);
                }

                @Override
                public Matches matches(LeafReaderContext context, int doc) throws IOException {
                    return uncached().matches(context, doc);
                }

                @Override
                public boolean isCacheable(LeafReaderContext ctx) {
                    return false; // this is the cache: Lucene's query cache would keep the same matches twice
                }
            };
        }

        @Override
        public void visit(QueryVisitor visitor) {
            query.visit(visitor.getSubVisitor(BooleanClause.Occur.MUST, this));
        }

        @Override
        public String toString(String field) {
            return "cached(" + query.toString(field) + ")";
        }

        @Override
        public boolean equals(Object other) {
            return sameClassAs(other) && ((Cached) other).cache == cache && ((Cached) other).query.equals(query);
        }

        @Override
        public int hashCode() {
            return classHash() * 31 + hash;
        }
    }

    /** Iterates a segment's cached matches; scores are the cached ones. */
    private static final class CachedScorer extends Scorer {
        private final Entry entry;
        private final float boost;
        private int index = -1;
        private int doc = -1;

        CachedScorer(Entry entry, float boost) {
            this.entry = entry;
            this.boost = boost;
        }

        @Override
        public int docID() {
            return doc;
        }

        @Override
        public float score() {
            return entry.scores[index] * boost;
        }

        @Override
        public float getMaxScore(int upTo) {
            return entry.maxScore * boost;
        }

        @Override
        public DocIdSetIterator iterator() {
            return new DocIdSetIterator() {
                @Override
                public int docID() {
                    return doc;
                }

                @Override
                public int nextDoc() {
                    index++;
                    return doc = index < entry.size ? entry.docs[index] : NO_MORE_DOCS;
                }

                @Override
                public int advance(int target) {
                    int from = Math.max(index + 1, 0);
                    int found = Arrays.binarySearch(entry.docs, from, entry.size, target);
                    index = found >= 0 ? found : -found - 1;
                    return doc = index < entry.size ? entry.docs[index] : NO_MORE_DOCS;
                }

                @Override
                public long cost() {
                    return entry.size;
                }
            };
        }
    }
}
