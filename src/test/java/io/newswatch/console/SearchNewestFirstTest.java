package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.archive.ArchiveIndex;
import io.newswatch.archive.ArchiveSearcher;
import io.newswatch.archive.ArchivedHit;
import io.newswatch.archive.SearchPage;
import io.newswatch.archive.SearchRequest;
import io.newswatch.document.Document;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's newest-first page looks at the newest day first, and is exact either way. */
class SearchNewestFirstTest {
    static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
    @TempDir Path dir;
    ArchiveIndex index;
    ArchiveSearcher searcher;
    final SearchConsole console = new SearchConsole();

    @BeforeEach
    void setUp() throws Exception {
        index = ArchiveIndex.openForWriting(dir);
        // Matches 3 hours, 6 hours and 9 hours old (the newest day), then 2, 3, 4 and 5 days old; and a document that does not match.
        int[] hoursOld = {3, 6, 9, 48, 72, 96, 120};
        for (int i = 0; i < hoursOld.length; i++) {
            Instant published = NOW.minus(Duration.ofHours(hoursOld[i]));
            index.put(new Document("m" + hoursOld[i], "wire", "https://example.org/" + i, "Troops " + i, "Troops at the border " + i + ".",
                    published, "en", published, List.of(), List.of()), published);
        }
        index.put(new Document("other", "wire", "https://example.org/o", "Harvest", "The harvest was good.", NOW.minusSeconds(60), "en",
                NOW, List.of(), List.of()), NOW);
        index.commit(Map.of());
        RuleCompiler compiler = new RuleCompiler(new RuleLoader().load(Path.of("rules")).aliases());
        searcher = new ArchiveSearcher(index, () -> compiler, 100);
        console.countBudget = Duration.ofSeconds(2);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
    }

    static SearchRequest request(Instant from, int limit, String cursor) {
        return new SearchRequest("troops NEAR/5 border", from, null, null, null, SearchRequest.Order.NEWEST, limit, cursor);
    }

    static List<String> ids(SearchPage page) {
        return page.hits().stream().map(ArchivedHit::id).toList();
    }

    @Test
    void anExpensiveQueryWithAFullPageInTheNewestDayIsAnsweredFromItWithAnAtLeastTotal() throws Exception {
        console.cheap = Duration.ZERO; // every query counts as expensive
        SearchPage first = console.newestFirst(searcher, request(null, 2, null), NOW);
        assertEquals(List.of("m3", "m6"), ids(first), "the newest matches of the whole range");
        assertFalse(first.totalExact());
        assertEquals(3, first.total(), "at least the newest day's 3");
        assertEquals(NOW.minus(Duration.ofDays(1)), first.countedFrom());
        // Page 2: the day holds only one more match, so the whole range is searched: still the exact next page.
        SearchPage second = console.newestFirst(searcher, request(null, 2, first.nextCursor()), NOW);
        assertEquals(List.of("m9", "m48"), ids(second));
        assertTrue(second.totalExact());
        assertEquals(ids(searcher.search(request(null, 2, first.nextCursor()))), ids(second));
    }

    @Test
    void aCheapQueryOrAFewMatchesInTheDayAreSearchedOverTheWholeRange() throws Exception {
        console.cheap = Duration.ofHours(1); // every query counts as cheap
        SearchPage cheap = console.newestFirst(searcher, request(null, 2, null), NOW);
        assertEquals(List.of("m3", "m6"), ids(cheap));
        assertTrue(cheap.totalExact());
        assertEquals(7, cheap.total());
        console.cheap = Duration.ZERO;
        SearchPage fewInTheDay = console.newestFirst(searcher, request(null, 5, null), NOW);
        assertEquals(List.of("m3", "m6", "m9", "m48", "m72"), ids(fewInTheDay));
        assertEquals(7, fewInTheDay.total());
        SearchPage withinTheDay = console.newestFirst(searcher, request(NOW.minus(Duration.ofHours(7)), 1, null), NOW);
        assertEquals(List.of("m3"), ids(withinTheDay));
        assertTrue(withinTheDay.totalExact(), "a range within the day is searched as asked");
        assertEquals(2, withinTheDay.total());
    }
}
