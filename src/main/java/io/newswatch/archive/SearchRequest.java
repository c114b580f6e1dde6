package io.newswatch.archive;

import java.time.Instant;
import java.util.Locale;

/**
 * A search of the archive. {@code query} is in the rule language; {@code from}/{@code to} bound
 * the published time (inclusive, exclusive; null for open); {@code source} and {@code rule} are
 * exact filters (null for none), as is {@code story} (a story id: its documents); {@code cursor} continues a previous page (null for the first).
 */
public record SearchRequest(String query, Instant from, Instant to, String source, String rule, Order order,
                            int limit, String cursor, String story) {
    /** Without a story filter. */
    public SearchRequest(String query, Instant from, Instant to, String source, String rule, Order order, int limit, String cursor) {
        this(query, from, to, source, rule, order, limit, cursor, null);
    }

    public enum Order {
        NEWEST, SCORE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
