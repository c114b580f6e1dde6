package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.alert;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.Highlight;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Aliases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSearcherTest {
    @TempDir Path dir;
    ArchiveIndex index;
    ArchiveSearcher searcher;

    @BeforeEach
    void fill() throws Exception {
        index = ArchiveIndex.openForWriting(dir);
        // 25 documents over 5 days, 5 a day; every third (0, 3, 6, ...) mentions sanctions, the rest troops.
        for (int i = 0; i < 25; i++) {
            Instant at = T0.plus(Duration.ofDays(i / 5)).plusSeconds(i * 60L);
            String body = i % 3 == 0 ? "New sanctions against the regime were announced." : "Troops were deployed near the border.";
            index.put(document(String.format("d%02d", i), "Report " + i, body, at), at);
        }
        index.put(alert("sanctions", "d03", 1.2, T0));
        index.commit(Map.of());
        searcher = ArchiveFixture.searcher(index);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private SearchPage search(String q, String cursor, int limit) throws Exception {
        return searcher.search(new SearchRequest(q, null, null, null, null, SearchRequest.Order.NEWEST, limit, cursor));
    }

    @Test
    void pagingByCursorVisitsEveryHitOnceNewestFirst() throws Exception {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SearchPage page = search("troops", cursor, 4);
            assertEquals(16, page.total());
            page.hits().forEach(h -> seen.add(h.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(16, seen.size());
        assertEquals(16, new HashSet<>(seen).size());
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> b.compareTo(a));
        assertEquals(sorted, seen, "newest first (ids grow with time here)");
    }

    @Test
    void aDocumentAddedBetweenPagesDoesNotShiftTheNextPage() throws Exception {
        SearchPage first = search("troops", null, 4);
        Instant newest = T0.plus(Duration.ofDays(30));
        index.put(document("z-new", "Newest", "Troops again.", newest), newest);
        index.commit(Map.of());
        SearchPage second = search("troops", first.nextCursor(), 4);
        Set<String> both = new HashSet<>();
        first.hits().forEach(h -> both.add(h.id()));
        second.hits().forEach(h -> assertTrue(both.add(h.id()), "repeated " + h.id()));
        assertFalse(both.contains("z-new"));
    }

    @Test
    void hitsCarryHighlightsAndASnippetLikeAlertsAndThePerDayHistogram() throws Exception {
        SearchPage page = search("sanctions", null, 10);
        assertEquals(9, page.total());
        ArchivedHit hit = page.hits().getFirst();
        assertEquals(List.of(new Highlight("body", "sanctions", 4, 13)), hit.highlights());
        assertTrue(hit.snippet().contains("sanctions"), hit.snippet());
        LocalDate day0 = LocalDate.of(2026, 11, 20);
        assertEquals(Map.of(day0, 2L, day0.plusDays(1), 2L, day0.plusDays(2), 1L, day0.plusDays(3), 2L, day0.plusDays(4), 2L), page.perDay());
        assertEquals(9, page.perDay().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void filtersByRangeRuleAndSource() throws Exception {
        SearchPage day1 = searcher.search(new SearchRequest("troops OR sanctions", T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)),
                null, null, SearchRequest.Order.NEWEST, 10, null));
        assertEquals(Set.of("d05", "d06", "d07", "d08", "d09"), ids(day1));
        SearchPage alerted = searcher.search(new SearchRequest("sanctions", null, null, null, "sanctions", SearchRequest.Order.NEWEST, 10, null));
        assertEquals(Set.of("d03"), ids(alerted));
        assertEquals("sanctions", alerted.hits().getFirst().alerts().getFirst().rule());
        assertEquals(0, searcher.search(new SearchRequest("sanctions", null, null, "BBC World", null, SearchRequest.Order.NEWEST, 10, null)).total());
    }

    @Test
    void byScoreOrdersByRelevanceAndPagesToo() throws Exception {
        Instant at = T0.plus(Duration.ofDays(2));
        index.put(document("strong", "Sanctions sanctions", "Sanctions, sanctions and more sanctions.", at), at);
        index.commit(Map.of());
        SearchPage page = searcher.search(new SearchRequest("sanctions", null, null, null, null, SearchRequest.Order.SCORE, 3, null));
        assertEquals("strong", page.hits().getFirst().id());
        SearchPage next = searcher.search(new SearchRequest("sanctions", null, null, null, null, SearchRequest.Order.SCORE, 10, page.nextCursor()));
        assertEquals(7, next.hits().size());
        assertNull(next.nextCursor());
    }

    @Test
    void aBadQueryIsRefusedWithTheParsersMessageAndPosition() {
        ArchiveRequestException e = assertThrows(ArchiveRequestException.class, () -> search("troops NEAR/0 russia", null, 10));
        assertEquals("q", e.parameter());
        assertEquals(7, e.offset());
        ArchiveRequestException unbalanced = assertThrows(ArchiveRequestException.class, () -> search("(troops AND", null, 10));
        assertTrue(unbalanced.offset() >= 0, unbalanced.getMessage());
    }

    @Test
    void badRangesLimitsAndCursorsAreRefusedNamingTheParameter() {
        assertEquals("from", assertThrows(ArchiveRequestException.class, () -> searcher.search(new SearchRequest("troops",
                T0, T0.minusSeconds(1), null, null, SearchRequest.Order.NEWEST, 10, null))).parameter());
        assertEquals("limit", assertThrows(ArchiveRequestException.class, () -> search("troops", null, 0)).parameter());
        assertEquals("limit", assertThrows(ArchiveRequestException.class, () -> search("troops", null, 101)).parameter());
        assertEquals("cursor", assertThrows(ArchiveRequestException.class, () -> search("troops", "garbage!", 10)).parameter());
        assertEquals("q", assertThrows(ArchiveRequestException.class, () -> search("x".repeat(10_001), null, 10)).parameter());
        assertEquals("q", assertThrows(ArchiveRequestException.class, () -> search(" ", null, 10)).parameter());
    }

    @Test
    void alertsAreListedNewestFirstAndPaged() throws Exception {
        for (int i = 0; i < 5; i++) {
            index.put(alert("troops", String.format("d%02d", i + 1), 1.0 + i, T0.plusSeconds(100 + i)));
        }
        index.commit(Map.of());
        AlertPage first = searcher.alerts("troops", null, null, 3, null);
        assertEquals(5, first.total());
        assertEquals(List.of("d05", "d04", "d03"), first.alerts().stream().map(a -> a.document().id()).toList());
        AlertPage second = searcher.alerts("troops", null, null, 3, first.nextCursor());
        assertEquals(List.of("d02", "d01"), second.alerts().stream().map(a -> a.document().id()).toList());
        assertEquals(2, searcher.alerts("troops", T0.plusSeconds(103), null, 10, null).total());
        assertEquals(6, searcher.alerts(null, null, null, 10, null).total());
    }

    private static Set<String> ids(SearchPage page) {
        Set<String> ids = new HashSet<>();
        page.hits().forEach(h -> ids.add(h.id()));
        return ids;
    }

    @Test
    void aDocumentsStoryIsShownWithItsHitAndFiltersASearchAndAMovedMembershipFollows() throws Exception {
        index.putStoryMembership("story-a", "d01", T0);
        index.putStoryMembership("story-a", "d02", T0);
        index.putStoryMembership("story-b", "d04", T0);
        index.putStoryMembership("story-b", "d02", T0.plusSeconds(60)); // d02 moved to story-b
        index.commit(Map.of());

        SearchPage a = searcher.search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 10, null, "story-a"));
        assertEquals(List.of("d01"), a.hits().stream().map(ArchivedHit::id).toList());
        assertEquals("story-a", a.hits().getFirst().story());
        SearchPage b = searcher.search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 10, null, "story-b"));
        assertEquals(List.of("d04", "d02"), b.hits().stream().map(ArchivedHit::id).toList());
        assertEquals(2, b.total());
        assertEquals(0, searcher.search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 10, null, "none")).total());
        SearchPage all = search("troops", null, 25);
        assertEquals(null, all.hits().stream().filter(h -> h.id().equals("d05")).findFirst().orElseThrow().story(), "no story known");
        assertEquals(16, all.total(), "membership records are not documents");
    }

    @Test
    void aMergedStorysIdFindsTheSurvivorsDocumentsAndHitsShowTheSurvivorThroughAChainOfMerges() throws Exception {
        index.putStoryMembership("story-a", "d01", T0); // archived before story-a was merged into story-b
        index.putStoryMembership("story-b", "d02", T0);
        index.putStoryMembership("story-b", "d04", T0);
        index.putStoryMembership("story-c", "d05", T0);
        index.putStoryMerge("story-a", "story-b", T0.plusSeconds(60));
        index.putStoryMerge("story-b", "story-c", T0.plusSeconds(120)); // story-b (with story-a) then went into story-c
        index.commit(Map.of());

        for (String asked : List.of("story-a", "story-b", "story-c")) {
            SearchPage page = searcher.search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 10, null, asked));
            assertEquals(Set.of("d01", "d02", "d04", "d05"), ids(page), "by " + asked);
            assertEquals(4, page.total(), "by " + asked);
            page.hits().forEach(hit -> assertEquals("story-c", hit.story(), hit.id() + " shows the surviving story"));
        }
        SearchPage all = search("troops", null, 25);
        assertEquals(16, all.total(), "merge records are not documents");
        assertEquals("story-c", all.hits().stream().filter(h -> h.id().equals("d01")).findFirst().orElseThrow().story());
    }

    @Test
    void aCycleOfMergeRecordsDoesNotLoopTheSearch() throws Exception {
        index.putStoryMembership("story-a", "d01", T0);
        index.putStoryMembership("story-b", "d02", T0);
        index.putStoryMerge("story-a", "story-b", T0);
        index.putStoryMerge("story-b", "story-a", T0); // never written by the pipeline; an archive from outside might hold it
        index.commit(Map.of());

        SearchPage page = searcher.search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 10, null, "story-a"));
        assertEquals(Set.of("d01", "d02"), ids(page));
    }

    @Test
    void pastItsCountBudgetASearchAnswersWithTheExactPageAndAtLeastTheNewestDaysCount() throws Exception {
        ArchiveSearcher hurried = new ArchiveSearcher(index, () -> new RuleCompiler(Aliases.NONE), 100, Duration.ZERO);
        SearchPage page = hurried.search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 4, null));
        assertEquals(List.of("d23", "d22", "d20", "d19"), page.hits().stream().map(ArchivedHit::id).toList(), "the page is exact");
        assertFalse(page.totalExact());
        assertTrue(page.total() <= 16, "at least, never more: " + page.total());
        assertTrue(page.countedFrom() != null);
        page.perDay().keySet().forEach(day -> assertFalse(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isBefore(
                page.countedFrom().minus(Duration.ofDays(1))), "days before countedFrom are not reported: " + page.perDay()));

        SearchPage counted = search("troops", null, 4);
        assertTrue(counted.totalExact());
        assertNull(counted.countedFrom());
        assertEquals(16, counted.total());
        assertEquals(16, counted.perDay().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aWarmUpSearchesInTheBackgroundWithoutReadingOrFillingTheSearchCache() throws Exception {
        Duration cpu = searcher.warmUp(List.of("sanctions NEAR/3 regime", "NEAR/3 (", "troops NEAR/2 deployed"))
                .get(60, TimeUnit.SECONDS);
        assertTrue(cpu.toNanos() > 0, "the warm-up searched: " + cpu);
        assertTrue(searcher.awaitPrefill(Duration.ofSeconds(30)));
        SegmentMatchCache.Stats stats = searcher.cache().stats();
        assertEquals(0, stats.hits() + stats.misses(), "the warm-up did not read the cache: " + stats);
        assertEquals(0, stats.fills(), "nor fill it: " + stats);
        // The first real search of a warmed query is still a first search: it misses the cache and asks for the fill.
        assertEquals(List.of("d24", "d21"), search("sanctions NEAR/3 regime", null, 2).hits().stream().map(ArchivedHit::id).toList());
        assertTrue(searcher.cache().stats().misses() > 0);
    }

    @Test
    void aPreparedRuleQueryIsSearchedWithTheHighlighterMadeWhenItCameInForce() throws Exception {
        RuleCompiler compiler = new RuleCompiler(Aliases.NONE);
        searcher = new ArchiveSearcher(index, () -> compiler, 100); // the daemon's: one compiler while the aliases stay
        assertEquals(2, searcher.prepare(List.of("sanctions NEAR/3 regime", "NEAR/3 (", "troops NEAR/2 deployed", "sanctions NEAR/3 regime")),
                "the two queries that compile are readied, each once");
        assertEquals(2, searcher.highlighters().made());
        SearchPage page = search("sanctions NEAR/3 regime", null, 2);
        assertEquals(List.of("d24", "d21"), page.hits().stream().map(ArchivedHit::id).toList());
        assertFalse(page.hits().getFirst().highlights().isEmpty(), "the prepared highlighter highlights: " + page.hits().getFirst());
        assertEquals(2, searcher.highlighters().made(), "the search used the highlighter made ahead");
        search("sanctions", null, 2);
        assertEquals(3, searcher.highlighters().made(), "a query not prepared gets its own at its first search");
    }

    @Test
    void theRulesInForceAreReadiedAndPrefilledInTheBackgroundOnlyWhenTheyChangeTheNewOnesOnce() throws Exception {
        RuleCompiler[] compiler = {new RuleCompiler(Aliases.NONE)};
        searcher = new ArchiveSearcher(index, () -> compiler[0], 100);
        try {
            List<String> rules = List.of("sanctions NEAR/3 regime", "NEAR/3 (", "sanctions NEAR/3 regime");
            CountDownLatch busy = new CountDownLatch(1);
            searcher.cache().beforeFills(() -> {
                try {
                    return busy.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }); // holds the cache's fill thread
            CompletableFuture<ArchiveSearcher.RulesReadied> atLoad = searcher.rulesInForce(rules, T0);
            assertFalse(atLoad.isDone(), "readied on the fill thread, not the caller's");
            assertEquals(0, searcher.highlighters().made());
            busy.countDown();
            ArchiveSearcher.RulesReadied loaded = atLoad.get(60, TimeUnit.SECONDS);
            assertEquals(new ArchiveSearcher.RulesReadied(true, 2, 1, 1), loaded, "at rule load: the query that compiles readied and queued");
            assertEquals(1, searcher.highlighters().made());
            assertTrue(searcher.awaitPrefill(Duration.ofSeconds(30)));
            assertTrue(searcher.cache().stats().fills() > 0, "pre-filled after the readying: " + searcher.cache().stats());

            assertEquals(new ArchiveSearcher.RulesReadied(false, 2, 0, 0), readied(rules, T0.plusSeconds(10)), "unchanged: nothing");
            List<String> changed = List.of("sanctions NEAR/3 regime", "NEAR/3 (", "troops NEAR/2 deployed");
            assertEquals(new ArchiveSearcher.RulesReadied(true, 3, 2, 2), readied(changed, T0.plusSeconds(20)));
            assertEquals(2, searcher.highlighters().made(), "only the new rule's query registered: the other was readied already");
            assertEquals(new ArchiveSearcher.RulesReadied(false, 3, 0, 0), readied(changed, T0.plusSeconds(30)), "readied once");
            ArchiveSearcher.RulesReadied again = readied(changed, T0.plusSeconds(20).plus(ArchiveSearcher.PREFILL_AGAIN));
            assertEquals(new ArchiveSearcher.RulesReadied(false, 3, 0, 2), again, "a minute on: pre-filled again (new segments), not readied");
            assertEquals(2, searcher.highlighters().made());

            compiler[0] = new RuleCompiler(Aliases.NONE); // the aliases reloaded
            assertEquals(new ArchiveSearcher.RulesReadied(true, 3, 2, 2), readied(changed, T0.plusSeconds(90)));
            assertEquals(4, searcher.highlighters().made(), "compiled anew, readied anew");
            assertEquals(List.of("d24", "d21"), search("sanctions NEAR/3 regime", null, 2).hits().stream().map(ArchivedHit::id).toList());
            assertEquals(4, searcher.highlighters().made(), "the first search used the readied highlighter");
        } finally {
            searcher.close();
        }
    }

    /** The rules in force told to the searcher, once what they set off (readying, pre-fill) is done. */
    private ArchiveSearcher.RulesReadied readied(List<String> queries, Instant now) throws Exception {
        ArchiveSearcher.RulesReadied done = searcher.rulesInForce(queries, now).get(60, TimeUnit.SECONDS);
        assertTrue(searcher.awaitPrefill(Duration.ofSeconds(30)));
        return done;
    }
}
