package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The search page's count line, rendered from its template as Quarkus renders it. */
class SearchPageCountTest {
    private static String render(SearchConsole.Result result) {
        return render(result, new SearchConsole.Form("troops NEAR/5 border", null, null, null, null, 20, null));
    }

    private static String render(SearchConsole.Result result, SearchConsole.Form form) {
        return ConsolePagesBenchmark.engine(Path.of("src/main/resources/templates")).getTemplate("console/search.html")
                .data("form", form).data("pageSizes", List.of(20, 50, 100)).data("customLimit", false).data("error", null)
                .data("unavailable", false).data("result", result).render();
    }

    @Test
    void aCountCutShortByItsTimeBudgetSaysAtLeastAndFromWhenTheDaysAreComplete() {
        String html = render(new SearchConsole.Result(48482, false, "2026-11-20T00:00:00Z", List.of(),
                Views.dayChart("Hits", new TreeMap<>()), null, null));
        assertTrue(html.contains("At least 48482 document(s) match"), html);
        assertTrue(html.contains("hits per day are complete from 2026-11-20T00:00:00Z on"), html);
    }

    @Test
    void anExactCountIsShownAsItIs() {
        String html = render(new SearchConsole.Result(16, true, null, List.of(), Views.dayChart("Hits", new TreeMap<>()), null, null));
        assertTrue(html.contains(">16 document(s) match"), html);
        assertFalse(html.contains("At least"), html);
        assertFalse(html.contains("time budget"), html);
    }

    @Test
    void aCountStoppedAtTheConsolesBudgetOffersToCountExactlyOnTheSamePage() {
        SearchConsole.Result partial = new SearchConsole.Result(312, false, "2026-11-30T00:00:00Z", List.of(),
                Views.dayChart("Hits", new TreeMap<>()), null, null);
        String html = render(partial, new SearchConsole.Form("troops NEAR/5 border", "7d", null, null, "score", 20, "abc"));
        assertTrue(html.contains("At least 312 document(s) match (a later page)."), html);
        assertTrue(html.contains("Counted newest first within the page's time budget: hits per day are complete from 2026-11-30T00:00:00Z on."), html);
        assertTrue(html.contains("The best matches shown are the best of those counted."), html);
        assertTrue(html.contains("<a href=\"/console/search?q=troops+NEAR%2F5+border&amp;from=7d&amp;order=score&amp;cursor=abc&amp;count=exact\" id=\"count-exactly\""), html);
    }

    @Test
    void anExactCountThatStillStoppedNamesTheArchivesBudgetAndOffersNoLink() {
        SearchConsole.Result partial = new SearchConsole.Result(48482, false, "2026-11-20T00:00:00Z", List.of(),
                Views.dayChart("Hits", new TreeMap<>()), null, null);
        String html = render(partial, new SearchConsole.Form("troops NEAR/5 border", null, null, null, null, 20, null, true));
        assertTrue(html.contains("Counting stopped at the archive's time budget: hits per day are complete from 2026-11-20T00:00:00Z on."), html);
        assertFalse(html.contains("count-exactly"), html);
    }
}
