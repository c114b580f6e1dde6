package io.newswatch.matching;

import io.newswatch.rules.query.QueryParser;
import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;

/**
 * Lets the Monitor's presearcher see wildcards. Lucene's presearcher treats {@code deploy*} as
 * "any word", so every rule part whose required side holds a wildcard (and most alias groups do)
 * ran against every document. Here a wildcard is indexed as one marker term, {@code deploy*},
 * and a document offers, for each of its unstemmed words, the marker of every prefix of at least
 * {@value QueryParser#MIN_WILDCARD_PREFIX} characters ({@code deployed} gives {@code dep*},
 * {@code depl*}, ... {@code deployed*}), so a part is a candidate exactly when a word of the
 * document starts with its prefix. A star cannot occur inside an analysed word, so markers never
 * meet real words.
 *
 * <p>Wildcards inside {@code NEAR}/{@code BEFORE} announce their marker themselves
 * ({@link SharedIntervalsSource#visit}); a bare wildcard is a {@link PrefixQuery}, handled here.
 */
final class WildcardPrefixes implements CustomQueryHandler {
    /** Longest prefix indexed; a longer wildcard prefix falls back to "any word" (never seen in practice). */
    static final int MAX_PREFIX = 24;

    private static final char MARK = '*';

    static boolean indexable(String prefix) {
        int length = prefix.codePointCount(0, prefix.length());
        return length >= QueryParser.MIN_WILDCARD_PREFIX && length <= MAX_PREFIX;
    }

    static String marker(String prefix) {
        return prefix + MARK;
    }

    @Override
    public QueryTree handleQuery(Query query, TermWeightor weightor) {
        if (query instanceof PrefixQuery prefixQuery) {
            Term prefix = prefixQuery.getPrefix();
            if (indexable(prefix.text())) {
                return QueryTree.term(new Term(prefix.field(), marker(prefix.text())), weightor);
            }
        }
        return null;
    }

    @Override
    public TokenStream wrapTermStream(String field, TokenStream in) {
        if (!field.equals(Fields.TEXT_UNSTEMMED) && !field.equals(Fields.TITLE_UNSTEMMED)) {
            return in;
        }
        return new PrefixMarkers(in);
    }

    /** Passes each word through, then adds the markers of its prefixes. */
    private static final class PrefixMarkers extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private String word;
        /** Code points of {@link #word} in the next marker; past the word's length when done. */
        private int nextLength;
        private int wordLength;

        PrefixMarkers(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (word != null && nextLength <= Math.min(wordLength, MAX_PREFIX)) {
                int end = word.offsetByCodePoints(0, nextLength);
                term.setEmpty().append(word, 0, end).append(MARK);
                increment.setPositionIncrement(0);
                nextLength++;
                return true;
            }
            if (!input.incrementToken()) {
                return false;
            }
            word = term.toString();
            wordLength = word.codePointCount(0, word.length());
            nextLength = QueryParser.MIN_WILDCARD_PREFIX;
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            word = null;
        }
    }
}
