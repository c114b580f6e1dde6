package io.newswatch.archive;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

/** One page of search results, the total number of matching documents, their count per UTC day (of published time), and the cursor of the next page (null on the last). */
public record SearchPage(long total, List<ArchivedHit> hits, SortedMap<LocalDate, Long> perDay, String nextCursor) {
    public SearchPage {
        hits = List.copyOf(hits);
    }
}
