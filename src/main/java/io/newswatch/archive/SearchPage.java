package io.newswatch.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

/**
 * One page of search results, the number of matching documents, their count per UTC day (of
 * published time), and the cursor of the next page (null on the last).
 *
 * <p>Matches are counted newest first within a time budget ({@link NewestFirstCount}): when the
 * budget ran out before the oldest match, {@code totalExact} is false, {@code total} is a lower
 * bound ("at least"), and {@code perDay} is exact only from {@code countedFrom} on. The page itself
 * is always exact: newest first it is the newest matches; by score it ranks every match (or, past
 * the score budget, the matches found within it, and {@code totalExact} is false).
 *
 * @param countedFrom null when every match was counted
 */
public record SearchPage(long total, List<ArchivedHit> hits, SortedMap<LocalDate, Long> perDay, String nextCursor,
                         boolean totalExact, Instant countedFrom) {
    public SearchPage {
        hits = List.copyOf(hits);
    }

    /** A page whose matches were all counted. */
    public SearchPage(long total, List<ArchivedHit> hits, SortedMap<LocalDate, Long> perDay, String nextCursor) {
        this(total, hits, perDay, nextCursor, true, null);
    }
}
