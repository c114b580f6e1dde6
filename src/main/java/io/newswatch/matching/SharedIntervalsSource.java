package io.newswatch.matching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.queries.intervals.IntervalMatchesIterator;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.Similarity;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One interval source of the rule language (an alias group, a wildcard, a word, a {@code NEAR}
 * ...) shared by every rule that uses it, and evaluated at most once per document.
 *
 * <p>The first time a rule part asks for its intervals in a document, the wrapped Lucene source
 * runs as usual and every interval it yields (start, end, gaps, width) is recorded; every later
 * rule part on the same document replays that list instead of seeking the document's terms,
 * expanding the wildcard or re-running the {@code NEAR} again. A replay yields exactly what the
 * wrapped source yields, so matches and scores do not change. Highlights ({@link #matches}) are
 * shared the same way: the wrapped source's matches (positions, offsets, and the words each
 * interval is made of) are recorded the first time a matching part asks, and replayed after.
 *
 * <p>The recordings live in a per-thread table keyed by the document's reader: Monitor matches a
 * document on the calling thread, one document at a time, so a thread sees one document's reader
 * until the next one replaces it. The matcher's parts are evaluated over its own analysed document
 * ({@link DocumentIndex}, {@link #evaluate(PartCheck, DocumentIndex)}); through Lucene, only
 * one-document readers (a MemoryIndex of the document, an archive segment of one) are recorded;
 * against any other index (an archive searched with a rule's query) the wrapped source runs as is,
 * so a compiled rule stays an ordinary Lucene query. Equality and hash code are the wrapped source's, the hash
 * computed once, so Lucene's own deduplication of equal sources still happens and hashing a rule
 * never walks its whole tree again.
 */
final class SharedIntervalsSource extends IntervalsSource {
    private static final ThreadLocal<DocumentRecordings> RECORDINGS = ThreadLocal.withInitial(DocumentRecordings::new);

    private final IntervalsSource inner;
    private final String field;
    /** How to evaluate this node over the document's positions; null: Lucene evaluates it. */
    private final PositionEvaluator.Plan plan;
    private final int hash;
    /** Asked for by every parent on every document; the wrapped source would walk its whole tree each time. */
    private final int minExtent;

    /** Whether this node and every node below it have a plan (children are built before their parents). */
    private final boolean fullyPlanned;

    private SharedIntervalsSource(IntervalsSource inner, String field, PositionEvaluator.Plan plan) {
        this.inner = inner;
        this.field = field;
        this.plan = plan;
        this.hash = inner.hashCode();
        this.minExtent = inner.minExtent();
        this.fullyPlanned = plan != null && PositionEvaluator.sharedIn(plan).stream().allMatch(SharedIntervalsSource::fullyPlanned);
    }

    /**
     * Whether this node, and every node it reads, is evaluated over positions: false when a node
     * below has no plan (an operator the evaluator does not know), whose words only Lucene can tell,
     * so a part matching through it always runs through Lucene for its highlights.
     */
    boolean fullyPlanned() {
        return fullyPlanned;
    }

    /** Shares {@code inner}, a source the query field {@code field} asks for. */
    static SharedIntervalsSource of(IntervalsSource inner, String field) {
        return new SharedIntervalsSource(inner, field, null);
    }

    /**
     * Shares {@code inner}, and on the matcher's per-document MemoryIndex evaluates it by {@code plan} over the
     * document's positions instead of through Lucene's iterators ({@link PositionEvaluator}); the
     * plan must yield exactly what {@code inner} yields. Null plan: Lucene evaluates it.
     */
    static SharedIntervalsSource of(IntervalsSource inner, String field, PositionEvaluator.Plan plan) {
        return new SharedIntervalsSource(inner, field, plan);
    }

    /** The query field this source serves. */
    String field() {
        return field;
    }

    /**
     * The part evaluated over Monitor's one-document reader without Lucene weights: null when the
     * evaluation cannot promise Lucene's exact answer (another reader, a failure, a node only
     * Lucene can read, a score whose sum could depend on Lucene's order), and the part then runs
     * through Lucene; else whether it matches and, if it does, Lucene's score for it to the bit
     * and the spans Lucene's {@code matches()} would report.
     */
    static PartCheck.Outcome evaluate(PartCheck check, IndexSearcher searcher, LeafReaderContext ctx) {
        if (ctx.reader().maxDoc() != 1) {
            return null;
        }
        DocumentRecordings recordings = RECORDINGS.get();
        recordings.on(ctx);
        recordings.searcher = searcher;
        return evaluate(check, recordings);
    }

    /**
     * The part evaluated over the matcher's own analysed document ({@link DocumentIndex}), with
     * the same answer as over a MemoryIndex of the same document; null where only Lucene can
     * tell (a node without a plan, or one whose plan cannot promise Lucene's answer here, which
     * over a MemoryIndex Lucene would record instead), and the part must then run over a
     * MemoryIndex of the document ({@link #evaluate(PartCheck, IndexSearcher, LeafReaderContext)}).
     */
    static PartCheck.Outcome evaluate(PartCheck check, DocumentIndex document) {
        DocumentRecordings recordings = RECORDINGS.get();
        recordings.on(document);
        return evaluate(check, recordings);
    }

    private static PartCheck.Outcome evaluate(PartCheck check, DocumentRecordings recordings) {
        try {
            if (!check.matches(recordings)) {
                return PartCheck.Outcome.NO_MATCH;
            }
            Set<Evidence.Span> spans = new LinkedHashSet<>();
            check.spans(recordings, spans);
            return PartCheck.Outcome.match(check.score(recordings, 1f), spans);
        } catch (IOException | RuntimeException e) {
            return null; // Lucene meets the same failure and reports it as before
        }
    }

    /** Whether this node is evaluated over positions (for tests and the profile). */
    boolean hasPlan() {
        return plan != null;
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
        if (!field.equals(queryField) || ctx.reader().maxDoc() != 1 || doc != 0) {
            return inner.matches(queryField, ctx, doc);
        }
        MatchRecording recording = RECORDINGS.get().matchRecording(this, ctx);
        if (recording.failure != null) {
            throw recording.failure;
        }
        return recording.size == 0 ? null : new MatchReplay(recording);
    }

    @Override
    public void visit(String queryField, QueryVisitor visitor) {
        if (visitor instanceof RequiredSources required) {
            required.require(this);
            return;
        }
        if (visitor instanceof OnceEach once && !once.firstVisit(this)) {
            return;
        }
        inner.visit(queryField, visitor);
    }

    /**
     * False when this source has no interval in Monitor's one-document reader, so a query that
     * requires it cannot match and need not be built; the answer is recorded and shared like the
     * intervals. True when it has one, on any other reader, and when evaluating it failed (the
     * query then runs and reports the failure as before).
     */
    boolean mayMatch(LeafReaderContext ctx) throws IOException {
        if (ctx.reader().maxDoc() != 1) {
            return true;
        }
        Recording recording;
        try {
            recording = RECORDINGS.get().recording(this, ctx);
        } catch (RuntimeException e) {
            return true;
        }
        return recording.failure != null || (!recording.absent && recording.onDocument && recording.size > 0);
    }

    /**
     * For tests: the node's intervals on Monitor's one-document reader as {start, end, gaps,
     * width} rows, either as Lucene's own iterator for the node yields them ({@code lucene}; the
     * children are replayed from their recordings) or as the recording holds them (by plan where
     * there is one). A failure is returned as a single row naming it.
     */
    List<String> intervalsForTest(LeafReaderContext ctx, boolean lucene) {
        List<String> rows = new ArrayList<>();
        try {
            IntervalIterator it = lucene ? inner.intervals(field, ctx) : intervals(field, ctx);
            if (it != null && it.nextDoc() == 0) {
                for (int start = it.nextInterval(); start != IntervalIterator.NO_MORE_INTERVALS; start = it.nextInterval()) {
                    rows.add(start + "-" + it.end() + " gaps " + it.gaps() + " width " + it.width());
                }
            }
        } catch (IOException | RuntimeException e) {
            rows.add("failed: " + e.getClass().getSimpleName());
        }
        return rows;
    }

    /**
     * The shared sources a query cannot match without: the query itself if it is an interval
     * query, or the interval queries among the required (MUST) clauses of a top-level boolean
     * query. Collected once per rule part at registration.
     */
    static List<SharedIntervalsSource> requiredBy(Query query) {
        List<SharedIntervalsSource> sources = new ArrayList<>();
        query.visit(new RequiredSources(true, sources));
        return List.copyOf(sources);
    }

    /** Visits a query's top level only, keeping the shared sources of its required interval clauses. */
    /**
     * A visitor that needs to see a shared source's contents only once (it looks for something
     * that a second visit of the same source cannot add), so that a source shared by thousands of
     * rule parts is walked once per registration instead of once per part.
     */
    interface OnceEach {
        /** True the first time this visitor meets {@code source}; its contents are then visited. */
        boolean firstVisit(SharedIntervalsSource source);
    }

    private static final class RequiredSources extends QueryVisitor {
        private final boolean root;
        private final List<SharedIntervalsSource> into;

        RequiredSources(boolean root, List<SharedIntervalsSource> into) {
            this.root = root;
            this.into = into;
        }

        void require(SharedIntervalsSource source) {
            if (!into.contains(source)) {
                into.add(source);
            }
        }

        @Override
        public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
            // The root boolean query asks once for its MUST clauses' visitor; anything deeper, or
            // any other kind of clause, says nothing about what the part requires.
            if (root && occur == BooleanClause.Occur.MUST) {
                return new RequiredSources(false, into);
            }
            return QueryVisitor.EMPTY_VISITOR;
        }
    }

    @Override
    public int minExtent() {
        return minExtent;
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

    /** Marks a node whose words only Lucene can tell, in the per-document table. */
    private static final PositionEvaluator.Evaluated NO_LEAVES = new PositionEvaluator.Evaluated(IntervalList.EMPTY, new int[0][]);

    /** A word's scorer on one document: the same for every part that asks with the same boost. */
    private record WordScorerKey(String field, BytesRef word, float boost) {}

    /** What the wrapped source yields on one document. */
    private static final class Recording {
        boolean absent;
        boolean onDocument;
        IOException failure;
        RuntimeException runtimeFailure;
        int size;
        int[] starts;
        int[] ends;
        int[] gaps;
        int[] widths;
        float matchCost;
        long cost;
        /** The same intervals as a list, made once when a plan reads them. */
        IntervalList list;

        /** The recording of a node without intervals on the document: shared, as nothing changes it. */
        private static final Recording NONE = of(IntervalList.EMPTY, new Recording(null));

        Recording() {
            this(new int[4]);
        }

        /** {@code arrays}: the first capacity of the interval arrays, null for a recording made from a list. */
        private Recording(int[] arrays) {
            if (arrays != null) {
                starts = arrays;
                ends = new int[arrays.length];
                gaps = new int[arrays.length];
                widths = new int[arrays.length];
            }
        }

        static Recording of(IntervalList list) {
            return list.size == 0 && NONE != null ? NONE : of(list, new Recording(null));
        }

        private static Recording of(IntervalList list, Recording recording) {
            recording.list = list;
            recording.size = list.size;
            recording.absent = list.size == 0;
            recording.onDocument = list.size > 0;
            recording.starts = list.starts;
            recording.ends = list.ends;
            recording.gaps = list.gaps;
            recording.widths = list.widths;
            recording.matchCost = list.size;
            recording.cost = 1;
            return recording;
        }

        /** The recorded intervals as a plan reads them, widths included. */
        IntervalList asList() {
            if (list == null) {
                IntervalList.Builder builder = new IntervalList.Builder();
                for (int i = 0; i < size; i++) {
                    builder.add(starts[i], ends[i], gaps[i], width(i));
                }
                list = builder.build();
            }
            return list;
        }

        int width(int i) {
            return widths == null ? ends[i] - starts[i] + 1 : widths[i];
        }

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

    /**
     * What the wrapped source's {@link IntervalsSource#matches} yields on one document: per
     * interval its positions, offsets, gaps and width, and the sub-matches (the words that make it
     * up) that a parent source or the highlighter asks for; a source that does not match records
     * no interval.
     */
    private static final class MatchRecording {
        IOException failure;
        RuntimeException runtimeFailure;
        int size;
        /** Per interval: start position, end position, start offset, end offset, gaps, width, first sub-match, end of its sub-matches (-1: none). */
        int[] intervals = new int[8 * 4];
        Query[] queries = new Query[4];
        int subSize;
        /** Per sub-match: start position, end position, start offset, end offset. */
        int[] subs = new int[4 * 8];
        Query[] subQueries = new Query[8];

        void add(IntervalMatchesIterator it) throws IOException {
            if ((size + 1) * 8 > intervals.length) {
                intervals = ArrayUtil.growExact(intervals, ArrayUtil.oversize((size + 1) * 8, Integer.BYTES));
                queries = ArrayUtil.growExact(queries, intervals.length / 8);
            }
            int at = size * 8;
            intervals[at] = it.startPosition();
            intervals[at + 1] = it.endPosition();
            intervals[at + 2] = it.startOffset();
            intervals[at + 3] = it.endOffset();
            intervals[at + 4] = it.gaps();
            intervals[at + 5] = it.width();
            MatchesIterator words = it.getSubMatches();
            if (words == null) {
                intervals[at + 6] = -1;
                intervals[at + 7] = -1;
                queries[size] = queryOf(it);
            } else {
                intervals[at + 6] = subSize;
                while (words.next()) {
                    addSub(words);
                }
                intervals[at + 7] = subSize;
            }
            size++;
        }

        private void addSub(MatchesIterator word) throws IOException {
            if ((subSize + 1) * 4 > subs.length) {
                subs = ArrayUtil.growExact(subs, ArrayUtil.oversize((subSize + 1) * 4, Integer.BYTES));
                subQueries = ArrayUtil.growExact(subQueries, subs.length / 4);
            }
            int at = subSize * 4;
            subs[at] = word.startPosition();
            subs[at + 1] = word.endPosition();
            subs[at + 2] = word.startOffset();
            subs[at + 3] = word.endOffset();
            subQueries[subSize] = queryOf(word);
            subSize++;
        }

        /** Some of Lucene's iterators do not know their query (they throw); the replay then throws the same way. */
        private static Query queryOf(MatchesIterator it) {
            try {
                return it.getQuery();
            } catch (UnsupportedOperationException e) {
                return null;
            }
        }
    }

    /** Recordings of the document a thread is matching now; replaced when the reader changes. */
    private static final class DocumentRecordings implements PositionEvaluator.Document {
        private LeafReader reader;
        /** The matcher's own analysed document when matching from it (then {@link #reader} is null). */
        private DocumentIndex index;
        private DocumentPositions positions;
        private LeafReaderContext context;
        /** The document's searcher (its similarity and statistics), for scores; set by {@link #evaluate}. */
        private IndexSearcher searcher;
        private final Map<SharedIntervalsSource, Recording> recordings = new IdentityHashMap<>();
        private final Map<SharedIntervalsSource, MatchRecording> matchRecordings = new IdentityHashMap<>();
        private final Map<SharedIntervalsSource, PositionEvaluator.Evaluated> leafRecordings = new IdentityHashMap<>();
        private final Map<String, Long> norms = new HashMap<>(8);
        private final Map<String, CollectionStatistics> collections = new HashMap<>(8);
        private final Map<WordScorerKey, Similarity.SimScorer> wordScorers = new HashMap<>();

        void forget() {
            reader = null;
            index = null;
            positions = null;
            context = null;
            searcher = null;
            clear();
        }

        private void clear() {
            recordings.clear();
            matchRecordings.clear();
            leafRecordings.clear();
            norms.clear();
            collections.clear();
            wordScorers.clear();
        }

        void on(LeafReaderContext ctx) {
            if (ctx.reader() != reader) {
                reader = ctx.reader();
                index = null;
                positions = null;
                clear();
            }
            context = ctx;
        }

        void on(DocumentIndex document) {
            if (document != index) {
                forget();
                index = document;
            }
        }

        @Override
        public PositionEvaluator.Evaluated withLeaves(SharedIntervalsSource source) throws IOException {
            if (source.plan == null) {
                return null;
            }
            PositionEvaluator.Evaluated evaluated = leafRecordings.get(source);
            if (evaluated == null) {
                evaluated = PositionEvaluator.evaluateWithLeaves(source.plan, this);
                leafRecordings.put(source, evaluated == null ? NO_LEAVES : evaluated);
            }
            return evaluated == NO_LEAVES ? null : evaluated;
        }

        @Override
        public long norm(String field) throws IOException {
            if (index != null) {
                return index.norm(field);
            }
            Long known = norms.get(field);
            if (known == null) {
                // As Lucene's term and phrase scorers read it: the document's norm, 1 without norms.
                NumericDocValues values = reader.getNormValues(field);
                known = values != null && values.advanceExact(0) ? values.longValue() : 1L;
                norms.put(field, known);
            }
            return known;
        }

        @Override
        public Similarity.SimScorer scorer(String field, float boost, BytesRef[] words, DocumentPositions.Postings[] postings) throws IOException {
            if (searcher == null && index == null) {
                throw PartCheck.Unknown.INSTANCE;
            }
            WordScorerKey key = words.length == 1 ? new WordScorerKey(field, words[0], boost) : null;
            Similarity.SimScorer known = key == null ? null : wordScorers.get(key);
            if (known != null) {
                return known;
            }
            // What TermWeight and PhraseWeight ask of the similarity, with the statistics TermStates reads.
            TermStatistics[] stats = new TermStatistics[words.length];
            for (int i = 0; i < words.length; i++) {
                // What IndexSearcher.termStatistics makes of the same numbers.
                stats[i] = new TermStatistics(words[i], postings[i].docFreq(), postings[i].totalTermFreq());
            }
            CollectionStatistics collection = collections.get(field);
            if (collection == null) {
                if (index != null) {
                    DocumentIndex.Field words0 = index.field(field);
                    collection = words0 == null ? null : words0.statistics();
                } else {
                    collection = searcher.collectionStatistics(field);
                }
                collections.put(field, collection);
            }
            Similarity similarity = index != null ? DocumentIndex.SIMILARITY : searcher.getSimilarity();
            Similarity.SimScorer scorer = similarity.scorer(boost, collection, stats);
            if (key != null) {
                wordScorers.put(key, scorer);
            }
            return scorer;
        }

        @Override
        public DocumentPositions positions() {
            if (positions == null) {
                positions = index != null ? new DocumentPositions(index) : new DocumentPositions(reader);
            }
            return positions;
        }

        @Override
        public IntervalList intervalsOf(SharedIntervalsSource source) throws IOException {
            Recording recording = recording(source, context);
            if (recording.failure != null) {
                throw recording.failure;
            }
            return recording.absent || !recording.onDocument ? IntervalList.EMPTY : recording.asList();
        }

        MatchRecording matchRecording(SharedIntervalsSource source, LeafReaderContext ctx) throws IOException {
            on(ctx);
            MatchRecording recording = matchRecordings.get(source);
            if (recording == null) {
                recording = new MatchRecording();
                try {
                    IntervalMatchesIterator it = source.inner.matches(source.field, ctx, 0);
                    if (it != null) {
                        while (it.next()) {
                            recording.add(it);
                        }
                    }
                } catch (IOException e) {
                    recording.failure = e;
                } catch (RuntimeException e) {
                    recording.runtimeFailure = e;
                }
                matchRecordings.put(source, recording);
            }
            if (recording.runtimeFailure != null) {
                throw recording.runtimeFailure;
            }
            return recording;
        }

        /** {@code ctx} null: the current document, the matcher's own index or the reader last set. */
        Recording recording(SharedIntervalsSource source, LeafReaderContext ctx) throws IOException {
            if (ctx != null) {
                on(ctx);
            }
            Recording recording = recordings.get(source);
            if (recording == null) {
                recording = source.plan == null ? null : evaluate(source);
                if (recording == null) {
                    if (index != null) {
                        // Only Lucene can tell: the part runs over a MemoryIndex of the document instead.
                        throw PartCheck.Unknown.INSTANCE;
                    }
                    recording = record(source, ctx);
                }
                recordings.put(source, recording);
            }
            if (recording.runtimeFailure != null) {
                throw recording.runtimeFailure;
            }
            return recording;
        }

        /** The node's recording from its plan, or null where only Lucene gives the exact answer. */
        private Recording evaluate(SharedIntervalsSource source) throws IOException {
            IntervalList list;
            try {
                list = PositionEvaluator.evaluate(source.plan, this);
            } catch (IOException e) {
                Recording failed = new Recording();
                failed.failure = e;
                return failed;
            } catch (RuntimeException e) {
                // A child's failure (a wildcard with too many expansions), as Lucene would have met it.
                Recording failed = new Recording();
                failed.runtimeFailure = e;
                return failed;
            }
            return list == null ? null : Recording.of(list);
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
            return recording.width(index);
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

    /**
     * Plays a match recording back as Lucene's matches iterator over the one document. Like
     * Lucene's own, it stands on the first interval before the first {@code next()} (parents read
     * it to decide whether to go on), and reports {@link IntervalIterator#NO_MORE_INTERVALS} as
     * positions once exhausted.
     */
    private static final class MatchReplay implements IntervalMatchesIterator {
        private final MatchRecording recording;
        private int index = -1;

        MatchReplay(MatchRecording recording) {
            this.recording = recording;
        }

        private int at() {
            return Math.max(0, index) * 8;
        }

        @Override
        public boolean next() {
            if (index < recording.size) {
                index++;
            }
            return index < recording.size;
        }

        @Override
        public int startPosition() {
            return index >= recording.size ? IntervalIterator.NO_MORE_INTERVALS : recording.intervals[at()];
        }

        @Override
        public int endPosition() {
            return index >= recording.size ? IntervalIterator.NO_MORE_INTERVALS : recording.intervals[at() + 1];
        }

        @Override
        public int startOffset() {
            return recording.intervals[at() + 2];
        }

        @Override
        public int endOffset() {
            return recording.intervals[at() + 3];
        }

        @Override
        public int gaps() {
            return recording.intervals[at() + 4];
        }

        @Override
        public int width() {
            return recording.intervals[at() + 5];
        }

        @Override
        public MatchesIterator getSubMatches() {
            int from = recording.intervals[at() + 6];
            if (from < 0) {
                return null;
            }
            return new SubReplay(recording, from, recording.intervals[at() + 7]);
        }

        @Override
        public Query getQuery() {
            Query query = recording.queries[at() / 8];
            if (query == null) {
                throw new UnsupportedOperationException();
            }
            return query;
        }
    }

    /** The recorded words of one interval. */
    private static final class SubReplay implements MatchesIterator {
        private final MatchRecording recording;
        private final int end;
        private int index;

        SubReplay(MatchRecording recording, int from, int end) {
            this.recording = recording;
            this.end = end;
            this.index = from - 1;
        }

        @Override
        public boolean next() {
            if (index < end) {
                index++;
            }
            return index < end;
        }

        @Override
        public int startPosition() {
            return recording.subs[index * 4];
        }

        @Override
        public int endPosition() {
            return recording.subs[index * 4 + 1];
        }

        @Override
        public int startOffset() {
            return recording.subs[index * 4 + 2];
        }

        @Override
        public int endOffset() {
            return recording.subs[index * 4 + 3];
        }

        @Override
        public MatchesIterator getSubMatches() {
            return null;
        }

        @Override
        public Query getQuery() {
            Query query = recording.subQueries[index];
            if (query == null) {
                throw new UnsupportedOperationException();
            }
            return query;
        }
    }
}
