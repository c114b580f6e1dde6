package io.newswatch.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.monitor.QueryDecomposer;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;

/**
 * One part of a rule's query (a top-level alternative, with the rule's exclusions), rewritten and
 * held to Lucene's clause limit on its own, exactly as the matcher's Monitor runs it. A large rule
 * (the shipped {@code treaty} rule has hundreds of alias entries) is accepted by the rule loader
 * because each part is under the limit; run as one query over the archive it would exceed it. So
 * the archive runs the OR of the parts, each checked when compiled ({@link #forArchive}) and
 * counting as one clause afterwards.
 */
final class PartQuery extends Query {
    private final Query part;

    private PartQuery(Query part) {
        this.part = part;
    }

    /**
     * The query as the archive runs it: the OR of its parts, each checked against the clause limit.
     *
     * @throws IndexSearcher.TooManyClauses when one part alone exceeds the limit (the rule loader
     *                                      refuses such rules too)
     */
    static Query forArchive(Query compiled) {
        List<Query> parts = new ArrayList<>(new QueryDecomposer().decompose(compiled));
        if (parts.size() == 1) {
            return compiled;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        try {
            IndexSearcher structure = new IndexSearcher(new MultiReader());
            for (Query part : parts) {
                structure.rewrite(part); // the clause-count check, as the matcher's rule loader does it
            }
            Set<Query> exclusions = commonExclusions(parts);
            if (exclusions.isEmpty()) {
                return eachPart(parts);
            }
            // Every part is "alternative AND NOT the rule's exclusions" (the decomposer copies a rule's AND NOTs into each
            // part): the OR of the alternatives AND NOT the exclusions matches the same documents, with the same scores
            // (an exclusion never scores; the alternatives are summed in the parts' order), and sets each exclusion up
            // once per segment instead of once per part (the shipped treaty rule: 4 exclusions in each of ~35 parts).
            for (Query part : parts) {
                any.add(new PartQuery(alternative(part)), Occur.SHOULD);
            }
            BooleanQuery.Builder factored = new BooleanQuery.Builder().add(any.build(), Occur.MUST);
            for (Query exclusion : exclusions) {
                factored.add(new PartQuery(exclusion), Occur.MUST_NOT);
            }
            return factored.build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot check a query part: " + e.getMessage(), e);
        }
    }

    /** The OR of the parts, each as it is (each part's exclusions set up with it). */
    static Query eachPart(List<Query> parts) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Query part : parts) {
            any.add(new PartQuery(part), Occur.SHOULD);
        }
        return any.build();
    }

    /**
     * The exclusions (MUST_NOT clauses) every part has, when each part is one required alternative and
     * exactly those exclusions, as {@link QueryDecomposer} makes the parts of {@code (a OR b ...) AND NOT x};
     * empty otherwise (the parts are then run as they are).
     */
    static Set<Query> commonExclusions(List<Query> parts) {
        Set<Query> common = null;
        for (Query part : parts) {
            if (!(part instanceof BooleanQuery bq) || bq.getMinimumNumberShouldMatch() != 0) {
                return Set.of();
            }
            int required = 0;
            Set<Query> excluded = new LinkedHashSet<>();
            for (BooleanClause clause : bq.clauses()) {
                switch (clause.occur()) {
                    case MUST -> required++;
                    case MUST_NOT -> excluded.add(clause.query());
                    default -> {
                        return Set.of();
                    }
                }
            }
            if (required != 1 || excluded.isEmpty() || (common != null && !common.equals(excluded))) {
                return Set.of();
            }
            if (common == null) {
                common = excluded;
            }
        }
        return common == null ? Set.of() : common;
    }

    /** The required clause of a part {@link #commonExclusions} accepted. */
    private static Query alternative(Query part) {
        for (BooleanClause clause : ((BooleanQuery) part).clauses()) {
            if (clause.occur() == Occur.MUST) {
                return clause.query();
            }
        }
        throw new IllegalArgumentException("a part without its alternative: " + part);
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query rewritten = part.rewrite(searcher);
        return rewritten == part ? this : new PartQuery(rewritten);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        return part.createWeight(searcher, scoreMode, boost);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
        return "part(" + part.toString(field) + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && part.equals(((PartQuery) other).part);
    }

    @Override
    public int hashCode() {
        return classHash() * 31 + part.hashCode();
    }
}
