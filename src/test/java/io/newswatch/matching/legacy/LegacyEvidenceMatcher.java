package io.newswatch.matching.legacy;

import io.newswatch.matching.Fields;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.NewsAnalyzer;
import io.newswatch.matching.Snippet;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.monitor.CandidateMatcher;
import org.apache.lucene.monitor.MatcherFactory;
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
public final class LegacyEvidenceMatcher extends CandidateMatcher<LegacyEvidence> {
    static final MatcherFactory<LegacyEvidence> FACTORY = LegacyEvidenceMatcher::new;

    private LegacyEvidenceMatcher(IndexSearcher searcher) {
        super(searcher);
    }

    @Override
    public void matchQuery(String ruleId, Query query, Map<String, String> metadata) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                float score = scorer.score();
                addMatch(new LegacyEvidence(ruleId, score, spans(weight.matches(leaf, doc))), leaf.docBase + doc);
            }
        }
    }

    private static Set<LegacyEvidence.Span> spans(Matches matches) throws IOException {
        Set<LegacyEvidence.Span> spans = new LinkedHashSet<>();
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

    private static void add(Set<LegacyEvidence.Span> spans, String field, MatchesIterator hit) throws IOException {
        if (hit.startOffset() >= 0 && hit.endOffset() > hit.startOffset()) {
            spans.add(new LegacyEvidence.Span(field, hit.startOffset(), hit.endOffset()));
        }
    }

    @Override
    public LegacyEvidence resolve(LegacyEvidence a, LegacyEvidence b) {
        return a.merge(b);
    }
}
