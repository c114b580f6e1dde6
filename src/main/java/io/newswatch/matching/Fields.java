package io.newswatch.matching;

import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;

/**
 * The Lucene fields a news document is matched on.
 *
 * <p>The default query scope is "title and body together", indexed as one field, {@link #TEXT}
 * = title + {@link #SEPARATOR} + body, so that {@code NEAR} also works across the two. {@code
 * title:} queries use {@link #TITLE}. Each is indexed twice with the same token positions: stemmed
 * for terms, unstemmed for phrases and wildcards, because a stemmer rewrites {@code deployed} to
 * {@code deploi} and {@code deploy*} could never find it in the stemmed field.
 */
public final class Fields {
    /** Title and body, stemmed. */
    public static final String TEXT = "text";
    /** Title and body, case and accent folded only. */
    public static final String TEXT_UNSTEMMED = "text_unstemmed";
    /** Title alone, stemmed. */
    public static final String TITLE = "title";
    /** Title alone, case and accent folded only. */
    public static final String TITLE_UNSTEMMED = "title_unstemmed";
    /**
     * Where sentences meet in {@link #TEXT} (at the same word positions): the last word of a
     * sentence holds {@code e}, the first word of the next one {@code s} (see {@link
     * SentenceMarksTokenizer}). Only the sentence scope ({@code NEAR/S}, {@code BEFORE/S}) reads it;
     * it serves {@code title:} too, as the title's words have the same positions in both fields.
     */
    public static final String SENTENCES = "sentences";
    /** Not indexed: the name highlights use for offsets into {@code Document.body()}. */
    public static final String BODY = "body";
    /** Between title and body in {@link #TEXT}; body offsets in that field are shifted by title length plus this. */
    public static final String SEPARATOR = "\n\n";

    private Fields() {}

    /** A query scope: the pair of fields that hold the same text, stemmed and not. */
    public enum Scope {
        TEXT(Fields.TEXT, Fields.TEXT_UNSTEMMED),
        TITLE(Fields.TITLE, Fields.TITLE_UNSTEMMED);

        private final String stemmed;
        private final String unstemmed;

        Scope(String stemmed, String unstemmed) {
            this.stemmed = stemmed;
            this.unstemmed = unstemmed;
        }

        public String stemmed() {
            return stemmed;
        }

        public String unstemmed() {
            return unstemmed;
        }

        /** The scope a query names with {@code title:}; other names never get past the parser. */
        public static Scope named(String queryField) {
            if ("title".equals(queryField)) {
                return TITLE;
            }
            throw new IllegalArgumentException("no field scope named " + queryField);
        }
    }

    /** The text indexed in {@link #TEXT}. */
    public static String combinedText(io.newswatch.document.Document document) {
        return title(document) + SEPARATOR + body(document);
    }

    static String title(io.newswatch.document.Document document) {
        return document.title() == null ? "" : document.title();
    }

    static String body(io.newswatch.document.Document document) {
        return document.body() == null ? "" : document.body();
    }

    /** The Lucene document to match, to be analyzed with {@link NewsAnalyzer#perField()}. */
    public static org.apache.lucene.document.Document toLucene(io.newswatch.document.Document document) {
        String text = combinedText(document);
        String title = title(document);
        org.apache.lucene.document.Document lucene = new org.apache.lucene.document.Document();
        lucene.add(new TextField(TEXT, text, Field.Store.NO));
        lucene.add(new TextField(TEXT_UNSTEMMED, text, Field.Store.NO));
        lucene.add(new TextField(TITLE, title, Field.Store.NO));
        lucene.add(new TextField(TITLE_UNSTEMMED, title, Field.Store.NO));
        lucene.add(new TextField(SENTENCES, text, Field.Store.NO));
        return lucene;
    }

    /**
     * The same fields as {@link #toLucene}, indexed to the same terms, positions and offsets, but
     * with their tokens made in one pass per text ({@link FieldTokens}): the title and the combined
     * text are each cut by the unstemmed chain once, and the stemmed field and the sentence marks
     * are played back from that, instead of the analyzer cutting the combined text three times and
     * the title twice. For an index that takes each document once (the archive's writer, the
     * matcher's per-document {@code MemoryIndex}); the fields carry token streams, so the document
     * can be indexed only once and needs no analyzer.
     */
    public static org.apache.lucene.document.Document toLuceneAnalysedOnce(io.newswatch.document.Document document) {
        return toLuceneAnalysedOnce(document, true);
    }

    /**
     * {@link #toLuceneAnalysedOnce(io.newswatch.document.Document)}, without {@link #SENTENCES}
     * (and without finding the sentences) when {@code sentences} is false: for the matcher, whose
     * rules may not read the sentence marks.
     */
    static org.apache.lucene.document.Document toLuceneAnalysedOnce(io.newswatch.document.Document document, boolean sentences) {
        String text = combinedText(document);
        String title = title(document);
        FieldTokens textTokens = FieldTokens.of(TEXT_UNSTEMMED, text);
        FieldTokens titleTokens = FieldTokens.of(TITLE_UNSTEMMED, title);
        org.apache.lucene.document.Document lucene = new org.apache.lucene.document.Document();
        lucene.add(new TextField(TEXT, textTokens.stemmed()));
        lucene.add(new TextField(TEXT_UNSTEMMED, textTokens.unstemmed()));
        lucene.add(new TextField(TITLE, titleTokens.stemmed()));
        lucene.add(new TextField(TITLE_UNSTEMMED, titleTokens.unstemmed()));
        if (sentences) {
            lucene.add(new TextField(SENTENCES, textTokens.sentenceMarks()));
        }
        return lucene;
    }
}
