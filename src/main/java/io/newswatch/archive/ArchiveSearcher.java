package io.newswatch.archive;

import io.newswatch.alerts.Alert;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.query.QueryException;
import io.newswatch.document.Document;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.util.BytesRef;

/**
 * Searches the archive with the rule language, and lists archived alerts. Queries are compiled by
 * the matcher's {@link RuleCompiler} (with the aliases in force), so a rule's query finds in the
 * archive what the rule would have matched; hits carry highlights and a snippet made as alerts make
 * them. Thread-safe.
 */
public final class ArchiveSearcher implements AutoCloseable {
    /** Longest query accepted, in characters; rule queries are far shorter. */
    public static final int MAX_QUERY_LENGTH = 10_000;

    private final ArchiveIndex index;
    private final Supplier<RuleCompiler> compiler;
    private final int maxLimit;
    /** The last queries compiled (rule queries with many aliases take a while), for the compiler in force. */
    private final Map<String, Query> compiled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Query> eldest) {
            return size() > 64;
        }
    };
    private RuleCompiler compiledWith;
    /** The archive form of the last compiled queries (parts, cache wrapper), by compiled query instance. */
    private final Map<Query, Query> archiveForms = new IdentityHashMap<>();
    private final Duration countBudget;
    private final SegmentMatchCache cache;
    private final ArchiveHighlighters highlighters = new ArchiveHighlighters();

    static final Sort NEWEST = ArchiveIndex.INDEX_SORT;
    static final Sort BY_SCORE = new Sort(SortField.FIELD_SCORE, new SortField(ArchiveSchema.KEY, SortField.Type.STRING));
    /** A newest-first search counts for at least this share of its budget after its page, however long the page took. */
    static final int COUNT_FLOOR_SHARE = 10;
    /**
     * CPU time a search may take, its page and highlights included, before its count stops and it answers
     * with "at least" (a newest-first page is always complete; its count then gets at least a tenth of this).
     */
    public static final Duration DEFAULT_COUNT_BUDGET = Duration.ofMillis(300);

    public ArchiveSearcher(ArchiveIndex index, Supplier<RuleCompiler> compiler, int maxLimit) {
        this(index, compiler, maxLimit, DEFAULT_COUNT_BUDGET);
    }

    /**
     * @param countBudget how long a search may count (and, by score, rank) its matches, newest first;
     *                    past it the total is "at least" (see {@link SearchPage})
     */
    public ArchiveSearcher(ArchiveIndex index, Supplier<RuleCompiler> compiler, int maxLimit, Duration countBudget) {
        this(index, compiler, maxLimit, countBudget, SegmentMatchCache.DEFAULT_MAX_BYTES);
    }

    /**
     * @param cacheBytes bound of the memory kept for the per-segment matches of rule queries
     *                   ({@code NEWSWATCH_ARCHIVE_SEARCH_CACHE_SIZE}); 0 disables the cache
     */
    public ArchiveSearcher(ArchiveIndex index, Supplier<RuleCompiler> compiler, int maxLimit, Duration countBudget, long cacheBytes) {
        this.index = index;
        this.compiler = compiler;
        this.maxLimit = maxLimit;
        this.countBudget = countBudget;
        this.cache = new SegmentMatchCache(cacheBytes, fill -> index.search(fill));
    }

    /** Stops the cache's background work and drops its entries (the index is closed by its owner). */
    @Override
    public void close() {
        cache.close();
        highlighters.close();
    }

    SegmentMatchCache cache() {
        return cache;
    }

    /**
     * The compiled query as the archive runs it: its parts ({@link PartQuery}), read from the
     * per-segment cache where it has them. The same compiled query gets the same instance.
     */
    Query archiveForm(Query compiled) {
        synchronized (archiveForms) {
            Query form = archiveForms.get(compiled);
            if (form == null) {
                if (archiveForms.size() >= 128) {
                    archiveForms.clear();
                }
                form = cache.wrap(PartQuery.forArchive(compiled));
                archiveForms.put(compiled, form);
            }
            return form;
        }
    }

    /**
     * Fills the search cache of each query (the rules in force) in the background, ahead of its first
     * search, so that it is answered from cached matches (docs/search.md, "Search cache"). Queries that
     * do not parse or are not worth caching (words, phrases) are left out; at most the cache's queue of
     * fills is taken (16 queries; the others fill at their first search). Returns how many were queued.
     */
    public int prefill(Collection<String> queries) {
        int queued = 0;
        for (String query : queries) {
            try {
                if (cache.prefill(archiveForm(compile(query)))) {
                    queued++;
                }
            } catch (ArchiveRequestException | RuntimeException e) {
                // a rule whose query does not compile here is reported by the rule loader; nothing to fill
            }
        }
        return queued;
    }

    /**
     * Readies each query's first search ahead of it, as its rule comes in force: compiles it, makes
     * its archive form ({@link #archiveForm}) and registers it in the highlighter the search's page
     * uses ({@link ArchiveHighlighters}), so that a first search of a rule's query (still uncached
     * while its pre-fill runs) pays only for the page and its count. At most
     * {@value ArchiveHighlighters#KEPT} queries (the highlighters kept); one that does not compile is
     * skipped. Returns how many were made ready.
     */
    public int prepare(Collection<String> queries) {
        int ready = 0;
        for (String query : queries.stream().distinct().limit(ArchiveHighlighters.KEPT).toList()) {
            try {
                Query compiledQuery = compile(query);
                archiveForm(compiledQuery);
                highlighters.prepare(compiledQuery);
                ready++;
            } catch (ArchiveRequestException | RuntimeException e) {
                // a rule whose query does not compile here is reported by the rule loader; nothing to ready
            }
        }
        return ready;
    }

    ArchiveHighlighters highlighters() {
        return highlighters;
    }

    /** How often the rules in force are pre-filled again when they did not change (segments flushed or merged since). */
    static final Duration PREFILL_AGAIN = Duration.ofMinutes(1);

    /** The queries of the rules in force as last told to {@link #rulesInForce}, the compiler they were readied with, and when they were pre-filled. */
    private List<String> inForce = List.of();
    private RuleCompiler inForceWith;
    private Instant prefilledAt = Instant.MIN;

    /**
     * What {@link #rulesInForce} did: whether the rules in force had changed, how many distinct queries they
     * have, how many were readied ({@link #prepare}) and how many queued for the pre-fill ({@link #prefill}).
     */
    public record RulesReadied(boolean changed, int queries, int ready, int queued) {}

    /**
     * The queries of the rules in force after a load or reload: the one place that decides what is done for
     * them. When they or the compiler (the aliases) changed since the last call, they are readied
     * ({@link #prepare}) and then pre-filled ({@link #prefill}); when not, they are pre-filled again once
     * {@link #PREFILL_AGAIN} has passed (for the segments written or merged since); they are never readied
     * twice for the same rules. Both run on the search cache's low-priority fill thread, the readying ahead of
     * the fills waiting there ({@link SegmentMatchCache#beforeFills}), so never on the caller's thread; without
     * a cache ({@code NEWSWATCH_ARCHIVE_SEARCH_CACHE_SIZE=0}) there is no pre-fill. Completes when done.
     */
    public synchronized CompletableFuture<RulesReadied> rulesInForce(Collection<String> queries, Instant now) {
        List<String> distinct = queries.stream().distinct().toList();
        RuleCompiler current = compiler.get();
        boolean changed = !distinct.equals(inForce) || current != inForceWith;
        boolean prefill = cache.maxBytes() > 0 && (changed || !now.isBefore(prefilledAt.plus(PREFILL_AGAIN)));
        if (!changed && !prefill) {
            return CompletableFuture.completedFuture(new RulesReadied(false, distinct.size(), 0, 0));
        }
        inForce = distinct;
        inForceWith = current;
        if (prefill) {
            prefilledAt = now;
        }
        return cache.beforeFills(() -> new RulesReadied(changed, distinct.size(), changed ? prepare(distinct) : 0,
                prefill ? prefill(distinct) : 0));
    }

    /** Waits until the search cache's background fills are done (benchmarks and tests); false when {@code timeout} passed first. */
    public boolean awaitPrefill(Duration timeout) throws InterruptedException {
        return cache.awaitFills(timeout);
    }

    /** CPU time a search counts its matches for before it answers "at least" ({@code NEWSWATCH_ARCHIVE_SEARCH_COUNT_BUDGET}). */
    public Duration countBudget() {
        return countBudget;
    }

    public int maxLimit() {
        return maxLimit;
    }

    /** Compiles a rule-language query; a problem is reported with its position. */
    public Query compile(String query) throws ArchiveRequestException {
        if (query == null || query.isBlank()) {
            throw new ArchiveRequestException("q", "q is missing: give a query in the rule language, e.g. q=sanctions NEAR/5 russia");
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new ArchiveRequestException("q", "q is " + query.length() + " characters long; at most " + MAX_QUERY_LENGTH + " are accepted");
        }
        RuleCompiler current = compiler.get();
        synchronized (compiled) {
            if (compiledWith != current) {
                compiled.clear();
                compiledWith = current;
            }
            Query cached = compiled.get(query);
            if (cached != null) {
                return cached;
            }
        }
        try {
            Query result = current.compile(query);
            synchronized (compiled) {
                if (compiledWith == current) {
                    compiled.put(query, result);
                }
            }
            return result;
        } catch (QueryException e) {
            throw new ArchiveRequestException("q", e.getMessage(), e.offset());
        }
    }

    public SearchPage search(SearchRequest request) throws ArchiveRequestException, IOException {
        return search(request, countBudget);
    }

    /** As {@link #search(SearchRequest)}, counting within {@code countBudget} instead of this searcher's (the console's shorter budget). */
    public SearchPage search(SearchRequest request, Duration countBudget) throws ArchiveRequestException, IOException {
        return search(request, countBudget, true);
    }

    /** Queries a warm-up runs at most ({@link #warmUp}). */
    static final int WARM_UP_QUERIES = 3;

    /**
     * Searches each query once, newest first (a page of 20 with highlights; no count beyond the page's
     * own matches), on a low-priority background thread and without the search cache (nothing is
     * filled, nothing read from it), so that the code of a first search is compiled by the JVM before
     * anyone searches: in a freshly started JVM the first search otherwise costs 1-2 s of CPU more.
     * At most {@value #WARM_UP_QUERIES} queries; one that does not compile or fails is skipped.
     * Completes with the CPU time the warm-up took.
     */
    public CompletableFuture<Duration> warmUp(Collection<String> queries) {
        CompletableFuture<Duration> done = new CompletableFuture<>();
        List<String> some = queries.stream().distinct().limit(WARM_UP_QUERIES).toList();
        Thread.ofPlatform().daemon().name("newswatch-archive-warm-up").priority(Thread.MIN_PRIORITY).start(() -> {
            long cpu0 = NewestFirstCount.CpuBudget.threadCpuNanos();
            for (String query : some) {
                try {
                    // The page and its highlights, then the count stops at once: the code is the same, its volume is not needed.
                    search(new SearchRequest(query, null, null, null, null, SearchRequest.Order.NEWEST, Math.min(20, maxLimit), null),
                            Duration.ZERO, false);
                } catch (ArchiveRequestException | IOException | RuntimeException e) {
                    // a query that does not compile is reported by the rule loader; an archive closed meanwhile ends the warm-up
                }
            }
            done.complete(Duration.ofNanos(NewestFirstCount.CpuBudget.threadCpuNanos() - cpu0));
        });
        return done;
    }

    /** @param cached whether the text query is read from (and fills) the search cache */
    private SearchPage search(SearchRequest request, Duration countBudget, boolean cached) throws ArchiveRequestException, IOException {
        // The budget is the whole request's: what compiling the query, the page and its highlights took is not left to count.
        NewestFirstCount.CpuBudget budget = new NewestFirstCount.CpuBudget(countBudget);
        int limit = checkLimit(request.limit());
        checkRange("from", "to", request.from(), request.to());
        Query text = compile(request.query());
        boolean byScore = request.order() == SearchRequest.Order.SCORE;
        Cursor after = request.cursor() == null || request.cursor().isBlank() ? null
                : Cursor.decode(request.cursor(), request.order().label());
        try {
            return index.search(shared -> {
                IndexSearcher searcher = withoutQueryCache(shared);
                BooleanQuery.Builder all = new BooleanQuery.Builder()
                        .add(kind(ArchiveSchema.KIND_DOCUMENT), Occur.FILTER);
                addRange(all, request.from(), request.to());
                if (request.source() != null && !request.source().isBlank()) {
                    all.add(new TermQuery(new Term(ArchiveSchema.SOURCE, request.source())), Occur.FILTER);
                }
                if (request.rule() != null && !request.rule().isBlank()) {
                    all.add(documentsAlertedBy(searcher, request.rule()), Occur.FILTER);
                }
                if (request.story() != null && !request.story().isBlank()) {
                    all.add(documentsOfStory(searcher, request.story().strip()), Occur.FILTER);
                }
                // The filters first: a segment none of whose records pass them does not build the text query's scorer.
                all.add(cached ? archiveForm(text) : PartQuery.forArchive(text), Occur.MUST);
                Query query = all.build();
                long from = request.from() == null ? Long.MIN_VALUE : request.from().toEpochMilli();
                long to = request.to() == null ? Long.MAX_VALUE : request.to().toEpochMilli();
                FieldDoc afterDoc = after == null ? null : after.toFieldDoc(byScore, searcher.getIndexReader().maxDoc());
                TopFieldDocs top;
                NewestFirstCount.Counted counted;
                List<ArchivedHit> hits;
                if (byScore) {
                    // Every counted match is ranked: the page comes out of the same newest-first pass as the count.
                    NewestFirstCount.Ranked ranked = NewestFirstCount.countAndRank(searcher, query, from, to, budget,
                            BY_SCORE, limit, afterDoc);
                    top = ranked.top();
                    counted = ranked.counted();
                    TopFieldCollector.populateScores(top.scoreDocs, searcher, query);
                    hits = hits(searcher, top.scoreDocs, text);
                } else {
                    // The index is stored newest first (ArchiveIndex.INDEX_SORT): each segment stops at its first page of matches,
                    // segments that cannot reach the page are not set up, and the count goes on from the page's own scorers
                    // with what the budget has left once the page and its highlights are made.
                    NewestFirstPage pass = NewestFirstPage.page(searcher, query, limit, afterDoc);
                    top = pass.top();
                    hits = hits(searcher, top.scoreDocs, text);
                    // At least a tenth of the budget, so that a page that took it all still comes with a count beyond its own matches.
                    counted = pass.count(budget.atLeast(countBudget.dividedBy(COUNT_FLOOR_SHARE)));
                }
                String next = top.scoreDocs.length == limit
                        ? Cursor.after(request.order().label(), (FieldDoc) top.scoreDocs[limit - 1]).encode() : null;
                return new SearchPage(counted.total(), hits, counted.perDay(), next, counted.exact(), counted.countedFrom());
            });
        } catch (IllegalStateException | IndexSearcher.TooManyClauses e) {
            throw tooBroad(e);
        }
    }

    /**
     * The point-in-time searcher without Lucene's query cache. That cache keeps the matches of a
     * non-scoring clause per segment as a bit set, and to make one it runs the clause over the
     * whole segment: for the nested clauses of a rule's query (phrases, exclusions) that undoes the
     * newest-first page's early stop, and cost a first rule-query search seconds over a million
     * documents. Rule queries have their own per-segment cache ({@link SegmentMatchCache}); the
     * search's other filters (record kind, source, time range) are cheap to run directly.
     */
    static IndexSearcher withoutQueryCache(IndexSearcher shared) {
        IndexSearcher searcher = new IndexSearcher(shared.getIndexReader());
        searcher.setSimilarity(shared.getSimilarity());
        searcher.setQueryCache(null);
        return searcher;
    }

    /** Archived alerts newest first, optionally of one rule and within [since, until). */
    public AlertPage alerts(String rule, Instant since, Instant until, int limit, String cursor) throws ArchiveRequestException, IOException {
        int checked = checkLimit(limit);
        checkRange("since", "until", since, until);
        Cursor after = cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor, "alerts");
        return index.search(searcher -> {
            BooleanQuery.Builder all = new BooleanQuery.Builder().add(kind(ArchiveSchema.KIND_ALERT), Occur.FILTER);
            if (rule != null && !rule.isBlank()) {
                all.add(new TermQuery(new Term(ArchiveSchema.RULE, rule)), Occur.FILTER);
            }
            addRange(all, since, until);
            Query query = all.build();
            Sort sort = new Sort(new SortField(ArchiveSchema.TIME, SortField.Type.LONG, true), new SortField(ArchiveSchema.KEY, SortField.Type.STRING));
            TopFieldDocs top = searcher.searchAfter(after == null ? null : after.toFieldDoc(false, searcher.getIndexReader().maxDoc()), query, checked, sort, false);
            StoredFields stored = searcher.storedFields();
            List<Alert> alerts = new ArrayList<>();
            for (ScoreDoc hit : top.scoreDocs) {
                alerts.add(ArchiveSchema.alert(stored, hit.doc));
            }
            String next = top.scoreDocs.length == checked ? Cursor.after("alerts", (FieldDoc) top.scoreDocs[checked - 1]).encode() : null;
            return new AlertPage(searcher.count(query), alerts, next);
        });
    }

    /** Documents of the given ids as hits, in the order given, with highlights for {@code query}. */
    List<ArchivedHit> documents(IndexSearcher searcher, List<String> ids, Query query) throws IOException {
        if (ids.isEmpty()) {
            return List.of();
        }
        TopFieldDocs found = searcher.search(new TermInSetQuery(ArchiveSchema.KEY, ids.stream().map(BytesRef::new).toList()),
                ids.size(), new Sort(new SortField(ArchiveSchema.KEY, SortField.Type.STRING)), true);
        List<ArchivedHit> hits = hits(searcher, found.scoreDocs, query);
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            order.put(ids.get(i), i);
        }
        return hits.stream().sorted(Comparator.comparing(h -> order.getOrDefault(h.id(), Integer.MAX_VALUE))).toList();
    }

    private List<ArchivedHit> hits(IndexSearcher searcher, ScoreDoc[] docs, Query query) throws IOException {
        StoredFields stored = searcher.storedFields();
        Map<String, Document> documents = new LinkedHashMap<>();
        Map<String, Float> scores = new HashMap<>();
        for (ScoreDoc hit : docs) {
            Document document = ArchiveSchema.document(stored, hit.doc);
            documents.put(document.id(), document);
            scores.put(document.id(), Float.isNaN(hit.score) ? 0f : hit.score);
        }
        Map<String, List<ArchivedHit.AlertRef>> alerts = alertsOf(searcher, documents.keySet());
        Map<String, String> stories = storiesOf(searcher, documents.keySet());
        List<ArchivedHit> hits = new ArrayList<>(documents.size());
        try (ArchiveHighlighters.Lease lease = highlighters.lease(query)) {
            for (Document d : documents.values()) {
                Match evidence = lease.highlighter().evidence(d).orElse(null);
                hits.add(new ArchivedHit(d.id(), d.title(), d.isUrl() ? d.location() : null, d.isUrl() ? null : d.location(),
                        d.source(), d.published(), d.ingested(), d.language(), Math.round(scores.get(d.id()) * 1000) / 1000.0,
                        evidence == null ? List.of() : evidence.highlights(),
                        evidence == null ? "" : evidence.snippet(),
                        alerts.getOrDefault(d.id(), List.of()), stories.get(d.id())));
            }
        }
        return hits;
    }

    private static Map<String, List<ArchivedHit.AlertRef>> alertsOf(IndexSearcher searcher, Set<String> documentIds) throws IOException {
        Map<String, List<ArchivedHit.AlertRef>> byDocument = new HashMap<>();
        if (documentIds.isEmpty()) {
            return byDocument;
        }
        Query query = new BooleanQuery.Builder()
                .add(kind(ArchiveSchema.KIND_ALERT), Occur.FILTER)
                .add(new TermInSetQuery(ArchiveSchema.DOCUMENT, documentIds.stream().map(BytesRef::new).toList()), Occur.FILTER)
                .build();
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc hit : searcher.search(query, Math.max(1, documentIds.size() * 50)).scoreDocs) {
            Alert alert = ArchiveSchema.alert(stored, hit.doc);
            byDocument.computeIfAbsent(alert.document().id(), k -> new ArrayList<>())
                    .add(new ArchivedHit.AlertRef(alert.id(), alert.rule().id(), alert.score(), alert.time()));
        }
        byDocument.values().forEach(list -> list.sort(Comparator.comparingDouble(ArchivedHit.AlertRef::score).reversed()
                .thenComparing(ArchivedHit.AlertRef::rule)));
        return byDocument;
    }

    /** The story of each of the documents, by document id, for those the archive has a story membership of. */
    static Map<String, String> storiesOf(IndexSearcher searcher, Set<String> documentIds) throws IOException {
        Map<String, String> stories = new HashMap<>();
        if (documentIds.isEmpty()) {
            return stories;
        }
        Query query = new TermInSetQuery(ArchiveSchema.KEY, documentIds.stream().map(id -> new BytesRef(ArchiveSchema.storyKey(id))).toList());
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc hit : searcher.search(query, documentIds.size()).scoreDocs) {
            var d = stored.document(hit.doc, Set.of(ArchiveSchema.STORY, ArchiveSchema.DOCUMENT));
            stories.put(d.get(ArchiveSchema.DOCUMENT), d.get(ArchiveSchema.STORY));
        }
        Map<String, String> survivors = new HashMap<>();
        for (Map.Entry<String, String> story : stories.entrySet()) {
            story.setValue(survivors.computeIfAbsent(story.getValue(), id -> survivor(searcher, id)));
        }
        return stories;
    }

    /** Merges followed at most this far (a chain longer than this, or a cycle, which the pipeline never writes, stops there). */
    static final int MAX_MERGE_HOPS = 64;

    /**
     * The story a story id ended in: itself, or, when the pipeline merged it into another story (a
     * {@link ArchiveSchema#KIND_STORY_MERGE} record), the survivor, followed through later merges.
     */
    static String survivor(IndexSearcher searcher, String story) {
        String current = story;
        Set<String> seen = new HashSet<>();
        try {
            StoredFields stored = searcher.storedFields();
            while (seen.add(current) && seen.size() <= MAX_MERGE_HOPS) {
                TopDocs merge = searcher.search(new TermQuery(new Term(ArchiveSchema.KEY, ArchiveSchema.mergeKey(current))), 1);
                if (merge.scoreDocs.length == 0) {
                    break;
                }
                current = stored.document(merge.scoreDocs[0].doc, Set.of(ArchiveSchema.SURVIVOR)).get(ArchiveSchema.SURVIVOR);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return current;
    }

    /** The story ids that ended in {@code survivor}: itself and every story merged into it, directly or through another. */
    static Set<String> mergedInto(IndexSearcher searcher, String survivor) throws IOException {
        Set<String> ids = new LinkedHashSet<>(List.of(survivor));
        List<String> frontier = List.of(survivor);
        StoredFields stored = searcher.storedFields();
        for (int hop = 0; hop < MAX_MERGE_HOPS && !frontier.isEmpty(); hop++) {
            Query merges = new BooleanQuery.Builder()
                    .add(kind(ArchiveSchema.KIND_STORY_MERGE), Occur.FILTER)
                    .add(new TermInSetQuery(ArchiveSchema.SURVIVOR, frontier.stream().map(BytesRef::new).toList()), Occur.FILTER)
                    .build();
            List<String> next = new ArrayList<>();
            int count = searcher.count(merges);
            if (count == 0) {
                break;
            }
            for (ScoreDoc hit : searcher.search(merges, count).scoreDocs) {
                String absorbed = stored.document(hit.doc, Set.of(ArchiveSchema.MERGED)).get(ArchiveSchema.MERGED);
                if (absorbed != null && ids.add(absorbed)) {
                    next.add(absorbed);
                }
            }
            frontier = next;
        }
        return ids;
    }

    /**
     * The documents of a story (memberships are records of their own, written from newswatch.stories). A merged story's
     * id is resolved to its survivor, and the documents of every story merged into that survivor count: memberships
     * archived before a merge keep the absorbed story's id.
     */
    static Query documentsOfStory(IndexSearcher searcher, String story) throws IOException {
        Set<String> ids = mergedInto(searcher, survivor(searcher, story));
        return documentsNamedBy(searcher, ArchiveSchema.KIND_STORY,
                new TermInSetQuery(ArchiveSchema.STORY, ids.stream().map(BytesRef::new).toList()));
    }

    /** The documents some alert of {@code rule} points at (alerts and documents are separate records). */
    static Query documentsAlertedBy(IndexSearcher searcher, String rule) throws IOException {
        return documentsNamedBy(searcher, ArchiveSchema.KIND_ALERT, new TermQuery(new Term(ArchiveSchema.RULE, rule)));
    }

    /** The documents named by the records of {@code kind} that {@code which} finds. */
    private static Query documentsNamedBy(IndexSearcher searcher, String kind, Query which) throws IOException {
        Query records = new BooleanQuery.Builder()
                .add(kind(kind), Occur.FILTER)
                .add(which, Occur.FILTER)
                .build();
        return new TermInSetQuery(ArchiveSchema.KEY, collectDocumentIds(searcher, records));
    }

    /** The {@link ArchiveSchema#DOCUMENT} values of the records {@code records} finds. */
    private static List<BytesRef> collectDocumentIds(IndexSearcher searcher, Query records) throws IOException {
        List<BytesRef> ids = new ArrayList<>();
        searcher.search(records, new SimpleCollector() {
            private SortedDocValues documents;

            @Override
            protected void doSetNextReader(LeafReaderContext context) throws IOException {
                documents = DocValues.getSorted(context.reader(), ArchiveSchema.DOCUMENT);
            }

            @Override
            public void collect(int doc) throws IOException {
                if (documents.advanceExact(doc)) {
                    ids.add(BytesRef.deepCopyOf(documents.lookupOrd(documents.ordValue())));
                }
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        return ids;
    }

    static Query kind(String kind) {
        return new TermQuery(new Term(ArchiveSchema.KIND, kind));
    }

    static void addRange(BooleanQuery.Builder all, Instant from, Instant to) {
        if (from != null || to != null) {
            long low = from == null ? Long.MIN_VALUE : from.toEpochMilli();
            long high = to == null ? Long.MAX_VALUE : to.toEpochMilli() - 1;
            all.add(LongPoint.newRangeQuery(ArchiveSchema.TIME, low, high), Occur.FILTER);
        }
    }

    int checkLimit(int limit) throws ArchiveRequestException {
        if (limit < 1 || limit > maxLimit) {
            throw new ArchiveRequestException("limit", "limit must be between 1 and " + maxLimit + ", got " + limit
                    + "; page through more with the cursor");
        }
        return limit;
    }

    static void checkRange(String fromName, String toName, Instant from, Instant to) throws ArchiveRequestException {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ArchiveRequestException(fromName, fromName + " (" + from + ") must be before " + toName + " (" + to + ")");
        }
    }

    static ArchiveRequestException tooBroad(RuntimeException e) {
        return new ArchiveRequestException("q", "the query expands to too many words in the archive (" + e.getMessage()
                + "); use longer wildcard prefixes or fewer alias entries inside NEAR/BEFORE");
    }
}
