package io.newswatch.console;

import java.time.Duration;

/**
 * How much CPU time a console search spends counting its matches (newest first) before the page
 * answers with "at least N" and a link to count exactly ({@code NEWSWATCH_CONSOLE_SEARCH_COUNT_BUDGET}).
 * The page of hits itself is always exact.
 */
public record SearchBudget(Duration count) {
    public SearchBudget {
        if (count == null || count.isNegative() || count.isZero() || count.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("NEWSWATCH_CONSOLE_SEARCH_COUNT_BUDGET must be more than 0 and at most 60s, got " + count);
        }
    }
}
