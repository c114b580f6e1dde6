package io.newswatch.matching;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.monitor.CandidateMatcher;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

/**
 * Runs each candidate rule once and takes both the score and the matched words from the same
 * {@link Weight}; Monitor's own matchers give one or the other, and running two of them would
 * double the matching work.
 */
final class EvidenceMatcher extends CandidateMatcher<Evidence> {
    private final Function<String, RuleMatcher.Part> parts;

    /** {@code parts}: the registered rule parts by their ids. */
    EvidenceMatcher(IndexSearcher searcher, Function<String, RuleMatcher.Part> parts) {
        super(searcher);
        this.parts = parts;
        // Each document gets a new searcher over one document: caching queries would only cost hashing.
        searcher.setQueryCache(null);
    }

    @Override
    public void matchQuery(String partId, Query query, Map<String, String> metadata) throws IOException {
        RuleMatcher.Part part = parts.apply(partId);
        if (part == null) {
            return; // removed or replaced while this document was being matched
        }
        matchPart(part);
    }

    /** Adds a part's match decided elsewhere (over the matcher's own analysed document), in the order parts run. */
    void add(Evidence evidence) {
        addMatch(evidence, 0);
    }

    /** Runs one registered part against the document. */
    void matchPart(RuleMatcher.Part part) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        if (leaves.size() == 1 && part.check() != null) {
            PartCheck.Outcome outcome = SharedIntervalsSource.evaluate(part.check(), searcher, leaves.getFirst());
            if (outcome != null) {
                // Decided from the document's positions, with Lucene's score and highlights: no weight to build.
                if (outcome.matched()) {
                    addMatch(new Evidence(part.ruleId(), outcome.score(), outcome.spans()), leaves.getFirst().docBase);
                }
                return;
            }
        } else if (leaves.size() == 1) {
            for (SharedIntervalsSource required : part.required()) {
                if (!required.mayMatch(leaves.getFirst())) {
                    return; // a required side is absent from the document: nothing to build or run
                }
            }
        }
        String ruleId = part.ruleId();
        Query rewritten = part.rewritten() != null ? part.rewritten() : searcher.rewrite(part.query());
        Weight weight = searcher.createWeight(rewritten, ScoreMode.COMPLETE, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                float score = scorer.score();
                addMatch(new Evidence(ruleId, score, spans(weight.matches(leaf, doc))), leaf.docBase + doc);
            }
        }
    }

    /** The spans of Lucene's matches that a highlight shows: each match's words, or the match itself where it has none. */
    static Set<Evidence.Span> spans(Matches matches) throws IOException {
        Set<Evidence.Span> spans = new LinkedHashSet<>();
        if (matches == null) {
            return spans;
        }
        for (String field : matches) {
            MatchesIterator hits = matches.getMatches(field);
            if (hits == null) {
                continue;
            }
            while (hits.next()) {
                MatchesIterator words = hits.getSubMatches();
                if (words == null) {
                    add(spans, field, hits);
                } else {
                    while (words.next()) {
                        add(spans, field, words);
                    }
                }
            }
        }
        return spans;
    }

    private static void add(Set<Evidence.Span> spans, String field, MatchesIterator hit) throws IOException {
        if (hit.startOffset() >= 0 && hit.endOffset() > hit.startOffset()) {
            spans.add(new Evidence.Span(field, hit.startOffset(), hit.endOffset()));
        }
    }

    @Override
    public Evidence resolve(Evidence a, Evidence b) {
        return a.merge(b);
    }
}
