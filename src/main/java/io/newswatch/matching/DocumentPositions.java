package io.newswatch.matching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The positions of the words of one document that rules ask for, per field: a per-document hash
 * of words to positions, so that each word, and each wildcard's expansion, is looked up in the
 * document's terms once per document, however many alias groups, wildcards and rules use it.
 *
 * <p>Only for Monitor's one-document index (the document is doc 0). Not thread-safe: one per
 * document per matching thread.
 */
final class DocumentPositions {
    private final LeafReader reader;
    private final Map<String, FieldWords> fields = new HashMap<>(8);

    DocumentPositions(LeafReader reader) {
        this.reader = reader;
    }

    /** The words of {@code field} with their positions; empty if the document has no such field. */
    FieldWords field(String field) throws IOException {
        FieldWords words = fields.get(field);
        if (words == null) {
            words = FieldWords.read(reader.terms(field));
            fields.put(field, words);
        }
        return words;
    }

    /**
     * One field's words, looked up lazily: the first time a word (or a prefix) is asked for, the
     * field's terms are searched and its positions read; every later rule asking for it in this
     * document gets them from a hash. A document's words are rarely all asked for, so reading
     * them all up front would cost more than it saves.
     */
    static final class FieldWords {
        private static final int[] ABSENT = new int[0];

        private final TermsEnum terms;
        private final Map<BytesRef, int[]> byWord = new HashMap<>();
        private final Map<BytesRef, int[][]> byPrefix = new HashMap<>();
        /** The limit each cached expansion was made with: one cut short at a lower limit is made again. */
        private final Map<BytesRef, Integer> limits = new HashMap<>();
        private PostingsEnum postings;

        private FieldWords(TermsEnum terms) {
            this.terms = terms;
        }

        static FieldWords read(Terms terms) throws IOException {
            return new FieldWords(terms == null ? null : terms.iterator());
        }

        /** The word's positions ascending, or null if the document does not hold it. */
        int[] positions(BytesRef word) throws IOException {
            int[] known = byWord.get(word);
            if (known == null) {
                known = terms != null && terms.seekExact(word) ? readPositions() : ABSENT;
                byWord.put(word, known);
            }
            return known == ABSENT ? null : known;
        }

        private int[] readPositions() throws IOException {
            postings = terms.postings(postings, PostingsEnum.POSITIONS);
            if (postings.nextDoc() == DocIdSetIterator.NO_MORE_DOCS) {
                return ABSENT;
            }
            int freq = postings.freq();
            int[] at = new int[freq];
            for (int i = 0; i < freq; i++) {
                at[i] = postings.nextPosition();
            }
            return at;
        }

        /**
         * How many of the document's words start with {@code prefix}, and through {@code into} their
         * positions (words in index order, each word's positions ascending); stops counting past
         * {@code limit}.
         */
        int withPrefix(BytesRef prefix, int limit, java.util.function.Consumer<int[]> into) throws IOException {
            int[][] words = byPrefix.get(prefix);
            // A cached expansion serves if it was made with at least this limit, or was complete.
            if (words == null || (limitOf(prefix) < limit && words.length > limitOf(prefix))) {
                words = expand(prefix, limit);
                byPrefix.put(prefix, words);
                limits.put(prefix, limit);
            }
            if (words.length > limit) {
                return words.length;
            }
            for (int[] at : words) {
                into.accept(at);
            }
            return words.length;
        }

        private int limitOf(BytesRef prefix) {
            return limits.getOrDefault(prefix, 0);
        }

        /** Whether any of the document's words starts with {@code prefix}. */
        boolean anyWithPrefix(BytesRef prefix) throws IOException {
            int[][] words = byPrefix.get(prefix);
            if (words != null) {
                return words.length > 0;
            }
            return terms != null && terms.seekCeil(prefix) != TermsEnum.SeekStatus.END && StringHelper.startsWith(terms.term(), prefix);
        }

        /** The positions of each word with the prefix, up to one past {@code limit} words (enough to say "too many"). */
        private int[][] expand(BytesRef prefix, int limit) throws IOException {
            if (terms == null || terms.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
                return new int[0][];
            }
            List<int[]> found = new ArrayList<>();
            for (BytesRef word = terms.term(); word != null && StringHelper.startsWith(word, prefix); word = terms.next()) {
                found.add(readPositions());
                if (found.size() > limit) {
                    break;
                }
            }
            return found.toArray(int[][]::new);
        }
    }
}
