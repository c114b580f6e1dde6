package io.newswatch.matching;

import io.newswatch.rules.query.QueryParser;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.CustomQueryHandler;
import org.apache.lucene.monitor.QueryTree;
import org.apache.lucene.monitor.TermWeightor;
import org.apache.lucene.queries.intervals.IntervalQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;

/**
 * Lets the presearcher see wildcards. Lucene's presearcher treats {@code deploy*} as
 * "any word", so every rule part whose required side holds a wildcard (and most alias groups do)
 * ran against every document. Here a wildcard is indexed as one marker term, {@code deploy*},
 * and a document offers, for each of its unstemmed words, the marker of every prefix of at least
 * {@value QueryParser#MIN_WILDCARD_PREFIX} characters ({@code deployed} gives {@code dep*},
 * {@code depl*}, ... {@code deployed*}), so a part is a candidate exactly when a word of the
 * document starts with its prefix. A star cannot occur inside an analysed word, so markers never
 * meet real words.
 *
 * <p>Lucene's query analyser hands this handler every query leaf it cannot read terms from: a bare wildcard is a
 * {@link PrefixQuery}; a wildcard inside {@code NEAR}/{@code BEFORE} is an interval source that
 * Lucene names {@code MultiTerm(deploy*)} (the only way to read its prefix back; if a Lucene
 * version names it otherwise, the wildcard is "any word" again: slower, never wrong).
 */
final class WildcardPrefixes implements CustomQueryHandler {
    /** Longest prefix indexed; a longer wildcard prefix falls back to "any word" (never seen in practice). */
    static final int MAX_PREFIX = 24;

    private static final char MARK = '*';
    /** {@link #MARK} as the one UTF-8 byte it is. */
    static final byte MARK_BYTE = (byte) MARK;

    /** True for the fields whose words offer their prefixes' markers: the unstemmed ones, where wildcards are matched. */
    static boolean marksPrefixesOf(String field) {
        return field.equals(Fields.TEXT_UNSTEMMED) || field.equals(Fields.TITLE_UNSTEMMED);
    }

    static boolean indexable(String prefix) {
        int length = prefix.codePointCount(0, prefix.length());
        return length >= QueryParser.MIN_WILDCARD_PREFIX && length <= MAX_PREFIX;
    }

    static String marker(String prefix) {
        return prefix + MARK;
    }

    private static final Pattern INTERVAL_PREFIX = Pattern.compile("MultiTerm\\(([^*?\\s()]+)\\*\\)");

    @Override
    public QueryTree handleQuery(Query query, TermWeightor weightor) {
        String field;
        String prefix;
        if (query instanceof PrefixQuery prefixQuery) {
            field = prefixQuery.getField();
            prefix = prefixQuery.getPrefix().text();
        } else if (query instanceof IntervalQuery intervals) {
            Matcher wildcard = INTERVAL_PREFIX.matcher(intervals.toString(intervals.getField()));
            if (!wildcard.matches()) {
                return null;
            }
            field = intervals.getField();
            prefix = wildcard.group(1);
        } else {
            return null;
        }
        if (!indexable(prefix) || !marksPrefixesOf(field)) {
            return null;
        }
        return QueryTree.term(new Term(field, marker(prefix)), weightor);
    }

    @Override
    public TokenStream wrapTermStream(String field, TokenStream in) {
        if (!marksPrefixesOf(field)) {
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
