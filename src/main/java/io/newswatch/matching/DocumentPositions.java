package io.newswatch.matching;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The positions of every word of one document, per field, read in one pass over the field's terms
 * the first time a rule asks for that field: a hash of the document's words, so that looking up an
 * alias group's hundred words costs a hundred hash probes instead of a hundred term-dictionary
 * seeks, and a wildcard is expanded by a binary search over the document's sorted words.
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

    /** One field's words in index order (unsigned byte order, as Lucene's terms enumeration), each with its positions ascending. */
    static final class FieldWords {
        private static final FieldWords NONE = new FieldWords(new BytesRef[0], new int[0][], Map.of());

        private final BytesRef[] words;
        private final int[][] positions;
        private final Map<BytesRef, int[]> byWord;

        private FieldWords(BytesRef[] words, int[][] positions, Map<BytesRef, int[]> byWord) {
            this.words = words;
            this.positions = positions;
            this.byWord = byWord;
        }

        static FieldWords read(Terms terms) throws IOException {
            if (terms == null) {
                return NONE;
            }
            int count = (int) Math.max(8, Math.min(1 << 16, terms.size()));
            BytesRef[] words = new BytesRef[count];
            int[][] positions = new int[count][];
            Map<BytesRef, int[]> byWord = new HashMap<>(count * 2);
            TermsEnum te = terms.iterator();
            PostingsEnum postings = null;
            int n = 0;
            for (BytesRef word = te.next(); word != null; word = te.next()) {
                postings = te.postings(postings, PostingsEnum.POSITIONS);
                if (postings.nextDoc() == DocIdSetIterator.NO_MORE_DOCS) {
                    continue;
                }
                int freq = postings.freq();
                int[] at = new int[freq];
                for (int i = 0; i < freq; i++) {
                    at[i] = postings.nextPosition();
                }
                if (n == words.length) {
                    words = ArrayUtil.grow(words, n + 1);
                    positions = ArrayUtil.growExact(positions, words.length);
                }
                BytesRef copy = BytesRef.deepCopyOf(word);
                words[n] = copy;
                positions[n] = at;
                byWord.put(copy, at);
                n++;
            }
            return new FieldWords(Arrays.copyOf(words, n), Arrays.copyOf(positions, n), byWord);
        }

        /** The word's positions ascending, or null if the document does not hold it. */
        int[] positions(BytesRef word) {
            return byWord.get(word);
        }

        /**
         * How many of the document's words start with {@code prefix}, and through {@code into} their
         * positions (index order of the words, each word's positions ascending); stops counting
         * past {@code limit}.
         */
        int withPrefix(BytesRef prefix, int limit, java.util.function.Consumer<int[]> into) {
            int low = 0;
            int high = words.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (words[mid].compareTo(prefix) < 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            int found = 0;
            for (int i = low; i < words.length && StringHelper.startsWith(words[i], prefix); i++) {
                if (++found > limit) {
                    return found;
                }
                into.accept(positions[i]);
            }
            return found;
        }
    }
}
