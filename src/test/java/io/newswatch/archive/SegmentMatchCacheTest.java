package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Aliases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentMatchCacheTest {
    /** A query with NEAR/BEFORE parts, as rules have them: the kind the cache keeps. */
    static final String RULE_QUERY = "(sanctions NEAR/3 regime) OR (troops BEFORE/2 border) OR embargo";

    @TempDir Path dir;
    ArchiveIndex index;
    ArchiveSearcher cached;
    ArchiveSearcher uncached;

    @BeforeEach
    void fill() throws Exception {
        index = ArchiveIndex.openForWriting(dir);
        // Three commits, so three segments; 60 documents over 6 days, with bodies of varying strength.
        for (int commit = 0; commit < 3; commit++) {
            for (int i = 0; i < 20; i++) {
                int n = commit * 20 + i;
                Instant at = T0.plus(Duration.ofHours(n * 2L));
                index.put(document(String.format("d%02d", n), "Report " + n, body(n), at), at);
            }
            index.commit(Map.of());
        }
        cached = searcher(SegmentMatchCache.DEFAULT_MAX_BYTES);
        uncached = searcher(0);
    }

    private static String body(int n) {
        return switch (n % 5) {
            case 0 -> "New sanctions against the regime were announced.";
            case 1 -> "Sanctions on the regime, and more sanctions against the regime's banks.";
            case 2 -> "Troops moved to the border overnight.";
            case 3 -> "An arms embargo was extended; troops stayed far from any border.";
            default -> "The weather was mild.";
        };
    }

    private ArchiveSearcher searcher(long cacheBytes) {
        return new ArchiveSearcher(index, () -> new RuleCompiler(Aliases.NONE), 100, ArchiveSearcher.DEFAULT_COUNT_BUDGET, cacheBytes);
    }

    @AfterEach
    void close() throws Exception {
        cached.close();
        uncached.close();
        index.close();
    }

    private static SearchPage search(ArchiveSearcher searcher, SearchRequest.Order order, int limit, String cursor) throws Exception {
        return searcher.search(new SearchRequest(RULE_QUERY, null, null, null, null, order, limit, cursor));
    }

    /** Every page of the listing, as (id, score) pairs, plus the totals of the first page. */
    private static List<String> listing(ArchiveSearcher searcher, SearchRequest.Order order) throws Exception {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            SearchPage page = search(searcher, order, 7, cursor);
            if (cursor == null) {
                out.add("total " + page.total() + " exact " + page.totalExact() + " perDay " + page.perDay());
            }
            page.hits().forEach(h -> out.add(h.id() + " " + h.score() + " " + h.highlights()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    private void warm() throws Exception {
        search(cached, SearchRequest.Order.NEWEST, 5, null);
        assertTrue(cached.cache().awaitFills(Duration.ofSeconds(30)));
    }

    @Test
    void aRuleQueryReadFromTheCacheFindsTheSameHitsScoresTotalsAndDaysAsUncached() throws Exception {
        warm();
        SegmentMatchCache.Stats filled = cached.cache().stats();
        assertEquals(3, filled.entries(), "one entry per segment: " + filled);
        for (SearchRequest.Order order : SearchRequest.Order.values()) {
            List<String> expected = listing(uncached, order);
            assertEquals(expected, listing(cached, order), order.name());
            assertTrue(expected.size() > 30, "the query matches most documents: " + expected.size());
        }
        SegmentMatchCache.Stats after = cached.cache().stats();
        assertTrue(after.hits() > filled.hits(), "searches read the cache: " + after);
        assertEquals(filled.misses(), after.misses(), "and never missed it: " + after);
        assertEquals(0, uncached.cache().stats().entries(), "a cache of 0 bytes keeps nothing");
    }

    @Test
    void aBacktestReadsTheCacheAndCountsTheSame() throws Exception {
        warm();
        Backtest fromCache = new Backtest(index, cached, Duration.ofSeconds(30), 1000, java.time.Clock.systemUTC());
        Backtest direct = new Backtest(index, uncached, Duration.ofSeconds(30), 1000, java.time.Clock.systemUTC());
        var query = cached.compile(RULE_QUERY);
        Backtest.Result a = fromCache.run(new Backtest.Request(query, Optional.empty(), null, null, 10));
        Backtest.Result b = direct.run(new Backtest.Request(uncached.compile(RULE_QUERY), Optional.empty(), null, null, 10));
        assertEquals(b.matched(), a.matched());
        assertEquals(b.perDay(), a.perDay());
        assertEquals(b.matches().stream().map(ArchivedHit::id).toList(), a.matches().stream().map(ArchivedHit::id).toList());
    }

    @Test
    void recordsDeletedAfterTheFillAreLeftOutThoughTheirSegmentsEntriesStay() throws Exception {
        warm();
        String before = search(cached, SearchRequest.Order.NEWEST, 100, null).hits().stream().map(ArchivedHit::id).toList().toString();
        assertTrue(before.contains("d01"), before);
        // As retention deletes: by query, then a commit; the segments (and so their entries) stay.
        index.delete(new TermQuery(new Term(ArchiveSchema.KEY, "d01")));
        index.delete(new TermQuery(new Term(ArchiveSchema.KEY, "d02")));
        index.commit(Map.of());
        SegmentMatchCache.Stats filled = cached.cache().stats();
        SearchPage page = search(cached, SearchRequest.Order.NEWEST, 100, null);
        List<String> ids = page.hits().stream().map(ArchivedHit::id).toList();
        assertFalse(ids.contains("d01"), ids.toString());
        assertFalse(ids.contains("d02"), ids.toString());
        assertEquals(search(uncached, SearchRequest.Order.NEWEST, 100, null).total(), page.total());
        assertEquals(listing(uncached, SearchRequest.Order.SCORE), listing(cached, SearchRequest.Order.SCORE));
        assertEquals(filled.misses(), cached.cache().stats().misses(), "deletions do not invalidate an entry");
    }

    @Test
    void aNewSegmentIsSearchedDirectlyAtOnceAndCachedAfterwards() throws Exception {
        warm();
        Instant at = T0.plus(Duration.ofDays(20));
        index.put(document("z-new", "Newest", "Fresh sanctions against the regime.", at), at);
        index.commit(Map.of());
        SegmentMatchCache.Stats filled = cached.cache().stats();
        SearchPage page = search(cached, SearchRequest.Order.NEWEST, 3, null);
        assertEquals("z-new", page.hits().getFirst().id(), "the new segment is searched before it has an entry");
        assertTrue(cached.cache().stats().misses() > filled.misses());
        assertTrue(cached.cache().awaitFills(Duration.ofSeconds(30)));
        assertEquals(4, cached.cache().stats().entries(), "the new segment got its entry: " + cached.cache().stats());
        // Hits, totals and days are the same; the older segments' cached scores are those of their fill, made
        // with the word statistics before z-new came (a plain word's BM25 weight moved a little).
        assertEquals(withoutScores(listing(uncached, SearchRequest.Order.NEWEST)), withoutScores(listing(cached, SearchRequest.Order.NEWEST)));
    }

    private static List<String> withoutScores(List<String> listing) {
        return listing.stream().map(line -> line.replaceFirst(" [0-9.]+ ", " ")).toList();
    }

    @Test
    void theCacheStaysWithinItsBoundAndEvictsTheLeastRecentlyUsed() throws Exception {
        // Room for about two segments' entries of this query, not three.
        ArchiveSearcher small = searcher(400); // an entry here is 96 + 8 x 12 = 192 bytes
        try {
            for (int round = 0; round < 3; round++) {
                search(small, SearchRequest.Order.NEWEST, 5, null);
                assertTrue(small.cache().awaitFills(Duration.ofSeconds(30)));
                SegmentMatchCache.Stats stats = small.cache().stats();
                assertTrue(stats.bytes() <= small.cache().maxBytes(), "bounded: " + stats);
            }
            SegmentMatchCache.Stats stats = small.cache().stats();
            assertTrue(stats.entries() < 3, "not every segment fits: " + stats);
            assertTrue(stats.evictions() > 0, stats.toString());
            assertEquals(listing(uncached, SearchRequest.Order.SCORE), listing(small, SearchRequest.Order.SCORE), "still the same answers");
        } finally {
            small.close();
        }
    }

    @Test
    void aRuleQueryPrefilledBeforeAnySearchIsAnsweredFromTheCacheFromItsFirstSearch() throws Exception {
        // As the archive does for the rules in force: words are not worth caching, a query that does not parse is skipped.
        assertEquals(1, cached.prefill(List.of(RULE_QUERY, "embargo", "sanctions NEAR/")));
        assertTrue(cached.cache().awaitFills(Duration.ofSeconds(30)));
        SegmentMatchCache.Stats filled = cached.cache().stats();
        assertEquals(3, filled.entries(), "every segment of the rule query: " + filled);
        List<String> first = listing(cached, SearchRequest.Order.NEWEST);
        SegmentMatchCache.Stats after = cached.cache().stats();
        assertEquals(0, after.misses() - filled.misses(), "the first search found every segment filled: " + after);
        assertEquals(listing(uncached, SearchRequest.Order.NEWEST), first);
        assertEquals(listing(uncached, SearchRequest.Order.SCORE), listing(cached, SearchRequest.Order.SCORE));
        assertEquals(0, cached.prefill(List.of()), "nothing asked, nothing queued");
    }

    @Test
    void workAskedBeforeTheFillsRunsOnTheFillThreadAheadOfTheFillsWaitingAndIsCancelledWhenTheCacheCloses() throws Exception {
        SegmentMatchCache cache = cached.cache();
        CountDownLatch busy = new CountDownLatch(1);
        CompletableFuture<String> holding = cache.beforeFills(() -> {
            try {
                busy.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Thread.currentThread().getName();
        });
        assertEquals(1, cached.prefill(List.of(RULE_QUERY)), "a fill waits behind the work holding the thread");
        CompletableFuture<Long> ahead = cache.beforeFills(() -> cache.stats().fills());
        busy.countDown();
        assertEquals("newswatch-archive-cache", holding.get(60, TimeUnit.SECONDS));
        assertEquals(0L, ahead.get(60, TimeUnit.SECONDS), "ran before the fill asked for ahead of it");
        assertTrue(cache.awaitFills(Duration.ofSeconds(30)));
        assertEquals(3, cache.stats().entries(), "then the fill: " + cache.stats());

        CountDownLatch stuck = new CountDownLatch(1);
        cache.beforeFills(() -> {
            try {
                return stuck.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false; // closing interrupts the thread
            }
        });
        CompletableFuture<Integer> waiting = cache.beforeFills(() -> 1);
        cache.close();
        assertTrue(waiting.isCancelled(), "work still waiting when the cache closed does not run");
        assertTrue(cache.beforeFills(() -> 1).isCancelled(), "nor work asked after");
        assertTrue(cache.awaitFills(Duration.ofSeconds(30)));
    }

    @Test
    void wordsAndPhrasesAreNotCachedRuleQueriesAre() throws Exception {
        RuleCompiler compiler = new RuleCompiler(Aliases.NONE);
        assertFalse(SegmentMatchCache.worthCaching(compiler.compile("sanctions")));
        assertFalse(SegmentMatchCache.worthCaching(compiler.compile("sanctions OR embargo")));
        assertTrue(SegmentMatchCache.worthCaching(compiler.compile("sanctions NEAR/3 regime")));
        assertTrue(SegmentMatchCache.worthCaching(PartQuery.forArchive(compiler.compile(RULE_QUERY))));
        search(cached, SearchRequest.Order.NEWEST, 5, null);
        cached.search(new SearchRequest("sanctions", null, null, null, null, SearchRequest.Order.NEWEST, 5, null));
        assertTrue(cached.cache().awaitFills(Duration.ofSeconds(30)));
        assertEquals(3, cached.cache().stats().entries(), "only the rule query's: " + cached.cache().stats());
    }

    @Test
    void entriesOfSegmentsMergedAwayAreDropped() throws Exception {
        warm();
        assertEquals(3, cached.cache().stats().entries());
        Set<Object> before = cores();
        for (int n = 0; n < 10; n++) {
            index.delete(new TermQuery(new Term(ArchiveSchema.KEY, String.format("d%02d", n))));
        }
        index.commit(Map.of());
        index.reclaimDeleted(); // rewrites the segment holding the deleted records, as retention's size limit does
        for (int i = 0; i < 200 && cores().containsAll(before); i++) {
            Thread.sleep(50);
            index.commit(Map.of());
        }
        assertFalse(cores().containsAll(before), "the first segment was rewritten");
        warm();
        SegmentMatchCache.Stats stats = cached.cache().stats();
        assertEquals(4, stats.fills(), "the rewritten segment got a new entry: " + stats);
        assertEquals(3, stats.entries(), "and the entry of the segment it replaced is gone: " + stats);
        assertEquals(withoutScores(listing(uncached, SearchRequest.Order.NEWEST)), withoutScores(listing(cached, SearchRequest.Order.NEWEST)));
    }

    private Set<Object> cores() throws Exception {
        return index.search(s -> {
            Set<Object> keys = new HashSet<>();
            s.getIndexReader().leaves().forEach(l -> keys.add(l.reader().getCoreCacheHelper().getKey()));
            return keys;
        });
    }
}
