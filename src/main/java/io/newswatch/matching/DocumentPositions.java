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
 * <p>Only for the matcher's per-document MemoryIndex (the document is doc 0). Not thread-safe: one per
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
        private static final Postings ABSENT = new Postings(new int[0], new int[0], new int[0], 0, 0);
        private static final Postings[] NONE = new Postings[0];

        private final TermsEnum terms;
        private final Map<BytesRef, Postings> byWord = new HashMap<>();
        private final Map<BytesRef, Postings[]> byPrefix = new HashMap<>();
        /** The limit each cached expansion was made with: one cut short at a lower limit is made again. */
        private final Map<BytesRef, Integer> limits = new HashMap<>();
        private PostingsEnum postings;

        private FieldWords(TermsEnum terms) {
            this.terms = terms;
        }

        static FieldWords read(Terms terms) throws IOException {
            return new FieldWords(terms == null ? null : terms.iterator());
        }

        /** The word's occurrences and statistics, or null if the document does not hold it. */
        Postings postings(BytesRef word) throws IOException {
            Postings known = byWord.get(word);
            if (known == null) {
                known = terms != null && terms.seekExact(word) ? readPostings() : ABSENT;
                byWord.put(word, known);
            }
            return known == ABSENT ? null : known;
        }

        private Postings readPostings() throws IOException {
            postings = terms.postings(postings, PostingsEnum.OFFSETS);
            if (postings.nextDoc() == DocIdSetIterator.NO_MORE_DOCS) {
                return ABSENT;
            }
            int freq = postings.freq();
            int[] at = new int[freq];
            int[] starts = new int[freq];
            int[] ends = new int[freq];
            for (int i = 0; i < freq; i++) {
                at[i] = postings.nextPosition();
                starts[i] = postings.startOffset();
                ends[i] = postings.endOffset();
            }
            // What Lucene's TermStates reads for a term's statistics (one document: 1 and freq).
            return new Postings(at, starts, ends, terms.docFreq(), terms.totalTermFreq());
        }

        /**
         * The postings of the document's words that start with {@code prefix}, in index order; one
         * more than {@code limit} words means "more than the limit" (the rest are not read).
         */
        Postings[] prefixed(BytesRef prefix, int limit) throws IOException {
            Postings[] words = byPrefix.get(prefix);
            // A cached expansion serves if it was made with at least this limit, or was complete.
            if (words == null || (limitOf(prefix) < limit && words.length > limitOf(prefix))) {
                words = expand(prefix, limit);
                byPrefix.put(prefix, words);
                limits.put(prefix, limit);
            }
            return words;
        }

        private int limitOf(BytesRef prefix) {
            return limits.getOrDefault(prefix, 0);
        }

        /** Whether any of the document's words starts with {@code prefix}. */
        boolean anyWithPrefix(BytesRef prefix) throws IOException {
            Postings[] words = byPrefix.get(prefix);
            if (words != null) {
                return words.length > 0;
            }
            return terms != null && terms.seekCeil(prefix) != TermsEnum.SeekStatus.END && StringHelper.startsWith(terms.term(), prefix);
        }

        /** The postings of each word with the prefix, up to one past {@code limit} words (enough to say "too many"). */
        private Postings[] expand(BytesRef prefix, int limit) throws IOException {
            if (terms == null || terms.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
                return NONE;
            }
            List<Postings> found = new ArrayList<>();
            for (BytesRef word = terms.term(); word != null && StringHelper.startsWith(word, prefix); word = terms.next()) {
                found.add(readPostings());
                if (found.size() > limit) {
                    break;
                }
            }
            return found.toArray(Postings[]::new);
        }
    }

    /**
     * One word's occurrences in the document: positions ascending, the character offsets of each
     * occurrence, and the statistics Lucene's scorers read ({@code docFreq} and
     * {@code totalTermFreq}, from the document's own index).
     */
    record Postings(int[] positions, int[] starts, int[] ends, int docFreq, long totalTermFreq) {
        int freq() {
            return positions.length;
        }

        /** The index of the occurrence at {@code position}, negative if none. */
        int at(int position) {
            return java.util.Arrays.binarySearch(positions, position);
        }
    }
}
