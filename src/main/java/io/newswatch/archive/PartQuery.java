package io.newswatch.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.monitor.QueryDecomposer;
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
                any.add(new PartQuery(part), Occur.SHOULD);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check a query part: " + e.getMessage(), e);
        }
        return any.build();
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
