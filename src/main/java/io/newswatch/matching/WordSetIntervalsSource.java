package io.newswatch.matching;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.queries.intervals.IntervalMatchesIterator;
import org.apache.lucene.queries.intervals.IntervalQuery;
import org.apache.lucene.queries.intervals.Intervals;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.QueryVisitor;

/**
 * The single-word entries of one alias group, as one interval source: any of these words.
 *
 * <p>It yields exactly what {@code Intervals.or(term(w1), term(w2), ...)} yields (it runs that
 * source), and differs only in how it presents itself to a {@link QueryVisitor}: all its words in
 * one {@code consumeTerms} call on a {@code SHOULD} sub-visitor, where the plain disjunction makes
 * one call per word. Lucene's clause limit ({@code IndexSearcher.getMaxClauseCount()}, 1024) counts
 * calls, so a group of 150 country names inside {@code NEAR} costs one clause instead of 150 each
 * time it is repeated; Monitor's presearcher still sees every word, as a disjunction, so a rule part
 * is still only tried on documents that hold one of them.
 */
final class WordSetIntervalsSource extends IntervalsSource {
    private final List<String> words;
    private final IntervalsSource any;
    /**
     * The words as terms of the field last visited: registration visits every part several times
     * (rewrite, clause count, presearcher, checks) and a group is shared by many parts, so the
     * terms (each an encoding of the word to UTF-8) are made once per field, not once per visit.
     */
    private volatile FieldTerms visited;

    private record FieldTerms(String field, Term[] terms) {}

    private WordSetIntervalsSource(List<String> words) {
        this.words = words;
        this.any = Intervals.or(words.stream().map(Intervals::term).toArray(IntervalsSource[]::new));
    }

    /** Any of {@code words} (as the field holds them: analysed); a single word is a plain term. */
    static IntervalsSource of(SortedSet<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a word set needs at least one word");
        }
        if (words.size() == 1) {
            return Intervals.term(words.first());
        }
        return new WordSetIntervalsSource(List.copyOf(words));
    }

    @Override
    public IntervalIterator intervals(String field, LeafReaderContext ctx) throws IOException {
        IntervalIterator shared = WordSetSharing.intervals(words, field, ctx);
        return shared != null ? shared : any.intervals(field, ctx);
    }

    @Override
    public IntervalMatchesIterator matches(String field, LeafReaderContext ctx, int doc) throws IOException {
        return any.matches(field, ctx, doc);
    }

    @Override
    public void visit(String field, QueryVisitor visitor) {
        if (!visitor.acceptField(field)) {
            return;
        }
        IntervalQuery parent = new IntervalQuery(field, this);
        FieldTerms cached = visited;
        if (cached == null || !cached.field().equals(field)) {
            cached = new FieldTerms(field, words.stream().map(word -> new Term(field, word)).toArray(Term[]::new));
            visited = cached;
        }
        // A copy: a visitor may keep or reorder the array it is handed.
        visitor.getSubVisitor(Occur.SHOULD, parent).consumeTerms(parent, cached.terms().clone());
    }

    @Override
    public int minExtent() {
        return 1;
    }

    @Override
    public Collection<IntervalsSource> pullUpDisjunctions() {
        // All words have the same extent (1), so Lucene would keep them as one disjunction anyway.
        return List.of(this);
    }

    @Override
    public int hashCode() {
        return words.hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WordSetIntervalsSource set && words.equals(set.words);
    }

    @Override
    public String toString() {
        return any.toString();
    }
}
