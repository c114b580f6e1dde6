package io.newswatch.stories;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Document frequencies that fade with time, for an inverse document frequency that follows the
 * news: a word every outlet used yesterday ("crash") is rare again next week. Each count is
 * stored with the time it was last brought up to date and decays exponentially with the
 * configured half-life; the whole collection decays the same way, so idf = ln((N + 100) / (df + 0.5)):
 * the 100 is a prior of documents that lack the term, so that on a fresh start (five articles on
 * one event) the words they share still weigh something instead of an idf near zero.
 * Deterministic: the decay depends only on the documents' times, never on the wall clock.
 */
public final class TermStatistics {
    /** A decayed count at a time, the stored form of one term (and of the collection size). */
    public record Count(double value, long atMillis) {}

    /** The key under which the collection's decayed document count is kept. */
    public static final String TOTAL = "\u0000total";

    static final double PRIOR_DOCUMENTS = 100;
    private final double halfLifeMillis;
    private final Map<String, Count> counts = new HashMap<>();

    public TermStatistics(Duration halfLife) {
        this.halfLifeMillis = halfLife.toMillis();
    }

    /** Counts one document's distinct terms at the given time; returns nothing, see {@link #count}. */
    public void add(Iterable<String> terms, Instant at) {
        long now = at.toEpochMilli();
        bump(TOTAL, now);
        for (String term : terms) {
            bump(term, now);
        }
    }

    private void bump(String term, long now) {
        Count previous = counts.get(term);
        double value = previous == null ? 0 : decayed(previous, now);
        counts.put(term, new Count(value + 1, Math.max(now, previous == null ? now : previous.atMillis())));
    }

    private double decayed(Count count, long now) {
        long age = now - count.atMillis();
        if (age <= 0) {
            return count.value();
        }
        return count.value() * Math.pow(0.5, age / halfLifeMillis);
    }

    /** The inverse document frequency of a term at a time. */
    public double idf(String term, Instant at) {
        long now = at.toEpochMilli();
        Count total = counts.get(TOTAL);
        double n = total == null ? 0 : decayed(total, now);
        Count count = counts.get(term);
        double df = count == null ? 0 : decayed(count, now);
        return Math.log((n + PRIOR_DOCUMENTS) / (df + 0.5));
    }

    /** The stored count of a term (or {@link #TOTAL}), null when unknown: what a state store keeps. */
    public Count count(String term) {
        return counts.get(term);
    }

    /** Restores a stored count, e.g. from a state store after a restart. */
    public void restore(String term, Count count) {
        counts.put(term, count);
    }

    /**
     * Forgets terms whose count has faded below {@code floor} documents, bounding memory to the
     * vocabulary of the last few half-lives. Returns how many were dropped; {@code removed} gets each.
     */
    public int forgetFaded(Instant at, double floor, Consumer<String> removed) {
        long now = at.toEpochMilli();
        int dropped = 0;
        for (Iterator<Map.Entry<String, Count>> it = counts.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Count> entry = it.next();
            if (!entry.getKey().equals(TOTAL) && decayed(entry.getValue(), now) < floor) {
                it.remove();
                removed.accept(entry.getKey());
                dropped++;
            }
        }
        return dropped;
    }

    public int size() {
        return counts.size();
    }
}
