package io.newswatch.matching.legacy;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.queries.intervals.IntervalMatchesIterator;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.apache.lucene.search.QueryVisitor;

/**
 * A side of a sentence-scoped pair kept whole: Lucene does not pull its alternatives up into the
 * pair, which is what the engine's shared sides mean (a NEAR/S side is one source, whatever it holds).
 */
record WholeSide(IntervalsSource side) {
    IntervalsSource source() {
        return new IntervalsSource() {
            @Override
            public IntervalIterator intervals(String field, LeafReaderContext ctx) throws IOException {
                return side.intervals(field, ctx);
            }

            @Override
            public IntervalMatchesIterator matches(String field, LeafReaderContext ctx, int doc) throws IOException {
                return side.matches(field, ctx, doc);
            }

            @Override
            public void visit(String field, QueryVisitor visitor) {
                side.visit(field, visitor);
            }

            @Override
            public int minExtent() {
                return side.minExtent();
            }

            @Override
            public Collection<IntervalsSource> pullUpDisjunctions() {
                return List.of(this);
            }

            @Override
            public int hashCode() {
                return side.hashCode();
            }

            @Override
            public boolean equals(Object other) {
                return other == this;
            }

            @Override
            public String toString() {
                return side.toString();
            }
        };
    }
}
