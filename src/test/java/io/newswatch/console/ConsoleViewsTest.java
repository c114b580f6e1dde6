package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.archive.ArchiveRequestException;
import io.newswatch.archive.ArchivedHit;
import io.newswatch.matching.Highlight;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConsoleViewsTest {
    @Test
    void theDayChartHasABarForEveryDayIncludingThoseWithoutHits() {
        TreeMap<LocalDate, Long> days = new TreeMap<>();
        days.put(LocalDate.parse("2026-11-01"), 4L);
        days.put(LocalDate.parse("2026-11-04"), 2L);
        Views.Chart chart = Views.dayChart("Hits", days);
        assertEquals(4, chart.bars().size());
        assertEquals(6, chart.total());
        assertEquals("2026-11-02: 0", chart.bars().get(1).label());
        assertEquals("90.0", chart.bars().get(0).height());
    }

    @Test
    void aVeryLongRangeShowsItsLastDays() {
        TreeMap<LocalDate, Long> days = new TreeMap<>();
        days.put(LocalDate.parse("2020-01-01"), 1L);
        days.put(LocalDate.parse("2026-11-04"), 2L);
        assertEquals(Views.MAX_DAYS, Views.dayChart("Hits", days).bars().size());
    }

    @Test
    void aHitsTitleAndSnippetAreEscapedAndTheMatchedWordsMarked() {
        ArchivedHit hit = new ArchivedHit("d1", "<script>x</script> troops", null, "inbox/a.txt", "files", Instant.parse("2026-11-01T08:00:00Z"),
                Instant.parse("2026-11-01T08:00:00Z"), "en", 1.0, List.of(new Highlight("body", "troops", 0, 6)),
                "<b>troops</b> massed", List.of(new ArchivedHit.AlertRef("a1", "troop-deployment", 1.0, Instant.EPOCH)));
        Views.HitRow row = Views.hit(hit);
        assertEquals("<script>x</script> troops", row.title(), "the template escapes it");
        assertEquals("&lt;b&gt;<mark>troops</mark>&lt;/b&gt; massed", row.snippetHtml());
        assertEquals(List.of("troop-deployment"), row.alertedBy());
        assertTrue(row.source().contains("inbox/a.txt"));
    }

    @Test
    void aQueryErrorMarksTheCharacterAtItsColumn() {
        SearchConsole.QueryError error = SearchConsole.error("troops AND (border",
                new ArchiveRequestException("q", "unclosed parenthesis", 11));
        assertEquals(12, error.column());
        assertEquals("troops AND ", error.before());
        assertEquals("(", error.at());
        assertEquals("border", error.after());
        SearchConsole.QueryError atEnd = SearchConsole.error("troops AND", new ArchiveRequestException("q", "missing operand", 10));
        assertEquals(" ", atEnd.at(), "past the end, a blank is marked");
        assertEquals(0, SearchConsole.error("x", new ArchiveRequestException("from", "bad date")).column());
    }

    @Test
    void theNextPageLinkKeepsTheFormAndEncodesIt() {
        SearchConsole.Form form = new SearchConsole.Form("troops NEAR/5 \"border\" & more", "7d", null, " ", "score", 20, null);
        assertEquals("/console/search?q=troops+NEAR%2F5+%22border%22+%26+more&from=7d&order=score&cursor=abc", form.href("abc"));
        assertEquals("newest", new SearchConsole.Form("q", null, null, null, "whatever", 20, null).order());
        SearchConsole.Form small = new SearchConsole.Form("q", null, null, null, null, 2, null);
        assertEquals("/console/search?q=q&order=newest&limit=2&cursor=c", small.href("c"), "a page size other than 20 is kept");
        assertEquals(20, new SearchConsole.Form("q", null, null, null, null, 1000, null).limit());
        assertEquals(20, SearchConsole.Form.pageSize("lots"));
    }
}
