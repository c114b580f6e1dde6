package io.newswatch.matching;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * English text analysis for documents and queries alike. Both variants share the tokenizer and
 * every filter that can split, drop or move a token, so a word has the same position in the
 * stemmed and the unstemmed field; that is what lets one interval query mix sources from both
 * (see {@link Fields}).
 *
 * <p>Chain: Unicode word splitting (UAX#29, so {@code Korea’s} stays one token and {@code Kim
 * Yong-hyun} is three), possessive {@code 's} removed, lower case, accents folded to ASCII
 * ({@code Pyŏngyang} = {@code pyongyang}), then, in the stemmed variant only, the Porter stemmer
 * ({@code deploys}, {@code deployed} = {@code deploi}). No stop words are removed: {@code NEAR/n}
 * counts every word, and a phrase such as {@code "the north"} must mean what it says. Documents
 * also get {@link Fields#SENTENCES}, the sentence marks behind {@code NEAR/S}; queries never do.
 */
public final class NewsAnalyzer extends Analyzer {
    private static final NewsAnalyzer STEMMED = new NewsAnalyzer(true);
    private static final NewsAnalyzer UNSTEMMED = new NewsAnalyzer(false);

    private final boolean stemming;

    private NewsAnalyzer(boolean stemming) {
        this.stemming = stemming;
    }

    /** For terms: words reduced to their stems. */
    public static NewsAnalyzer stemmed() {
        return STEMMED;
    }

    /** For phrases and wildcards: words as written, only case, accents and possessives folded. */
    public static NewsAnalyzer unstemmed() {
        return UNSTEMMED;
    }

    /**
     * The per-field analyzer for documents built by {@link Fields#toLucene} (the matcher's Monitor
     * and the archive index); {@link Fields#SENTENCES} gets the sentence marks of {@link
     * SentenceMarksTokenizer}.
     */
    public static Analyzer perField() {
        return new PerFieldAnalyzerWrapper(STEMMED, Map.of(
                Fields.TEXT_UNSTEMMED, UNSTEMMED,
                Fields.TITLE_UNSTEMMED, UNSTEMMED,
                Fields.SENTENCES, SENTENCE_MARKS));
    }

    private static final Analyzer SENTENCE_MARKS = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new SentenceMarksTokenizer());
        }
    };

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = new EnglishPossessiveFilter(tokenizer);
        stream = new LowerCaseFilter(stream);
        stream = new ASCIIFoldingFilter(stream);
        if (stemming) {
            stream = new PorterStemFilter(stream);
        }
        return new TokenStreamComponents(tokenizer, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }
}
