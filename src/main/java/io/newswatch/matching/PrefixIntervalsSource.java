package io.newswatch.matching;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.queries.intervals.IntervalMatchesIterator;
import org.apache.lucene.queries.intervals.Intervals;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRef;

/**
 * A wildcard ({@code ratif*}): Lucene's {@link Intervals#prefix} in every respect (matches,
 * highlights, what a {@link QueryVisitor} sees, equality), except that while an archive search sets
 * its scorers up with a {@link WordSetSharing}, a segment's words with the prefix are opened once
 * for all the rule's parts that name the wildcard instead of once per part.
 */
final class PrefixIntervalsSource extends IntervalsSource {
    private final BytesRef prefix;
    private final int maxExpansions;
    private final IntervalsSource lucene;

    PrefixIntervalsSource(BytesRef prefix, int maxExpansions) {
        this.prefix = BytesRef.deepCopyOf(prefix);
        this.maxExpansions = maxExpansions;
        this.lucene = Intervals.prefix(prefix, maxExpansions);
    }

    @Override
    public IntervalIterator intervals(String field, LeafReaderContext ctx) throws IOException {
        IntervalIterator shared = WordSetSharing.prefixIntervals(prefix, maxExpansions, field, ctx);
        return shared != null ? shared : lucene.intervals(field, ctx);
    }

    @Override
    public IntervalMatchesIterator matches(String field, LeafReaderContext ctx, int doc) throws IOException {
        return lucene.matches(field, ctx, doc);
    }

    @Override
    public void visit(String field, QueryVisitor visitor) {
        lucene.visit(field, visitor);
    }

    @Override
    public int minExtent() {
        return lucene.minExtent();
    }

    @Override
    public Collection<IntervalsSource> pullUpDisjunctions() {
        return List.of(this);
    }

    @Override
    public int hashCode() {
        return lucene.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PrefixIntervalsSource p && lucene.equals(p.lucene);
    }

    @Override
    public String toString() {
        return lucene.toString();
    }
}
