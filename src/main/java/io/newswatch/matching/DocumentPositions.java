package io.newswatch.matching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The positions of the words of one document that rules ask for, per field: the field's terms
 * hashed once per document, so that each word the rules ask for costs a hash and a probe, and its
 * positions (and each wildcard's expansion) are read once per document, however many alias groups,
 * wildcards and rules use it.
 *
 * <p>Over the matcher's own analysed document ({@link DocumentIndex}), or over one-document indexes
 * (the document is doc 0): a MemoryIndex of the document, and
 * the archive's one-document segments, which the shared sources record too. Not thread-safe: one per
 * document per matching thread.
 */
final class DocumentPositions {
    private final LeafReader reader;
    private final DocumentIndex index;
    private final Map<String, FieldWords> fields = new HashMap<>(8);

    DocumentPositions(LeafReader reader) {
        this.reader = reader;
        this.index = null;
    }

    /** Over the matcher's own analysed document: the same words, positions and statistics as its MemoryIndex would give. */
    DocumentPositions(DocumentIndex index) {
        this.reader = null;
        this.index = index;
    }

    /** The words of {@code field} with their positions; empty if the document has no such field. */
    FieldWords field(String field) throws IOException {
        FieldWords words = fields.get(field);
        if (words == null) {
            words = index != null ? FieldWords.of(index.field(field)) : FieldWords.read(reader.terms(field));
            fields.put(field, words);
        }
        return words;
    }

    /**
     * The hash every word table of the matcher keys words by ({@link BytesRef#hashCode}, Lucene's
     * murmur3 with its fixed seed): {@link DocumentIndex} and {@link FieldWords} both, so a hash
     * computed once for a rule's word serves every document.
     */
    static int hash(BytesRef word) {
        return StringHelper.murmurhash3_x86_32(word.bytes, word.offset, word.length, StringHelper.GOOD_FAST_HASH_SEED);
    }

    /**
     * One field's words. The first time a word is asked for, the field's terms are walked once
     * into a table of their hashes (no postings are read); every word asked for after that costs
     * one hash and a probe, not a search in the terms, and a present word's positions are read
     * the first time it is asked for and kept by its term number. A document's words are rarely
     * all asked for, so reading every word's positions up front would cost more than it saves;
     * the rules' words (hundreds, most absent) are many more than a seek per word is worth.
     */
    static final class FieldWords {
        private static final Postings ABSENT = new Postings(new int[0], new int[0], new int[0], 0, 0);
        private static final Postings[] NONE = new Postings[0];

        private final Terms all;
        private final TermsEnum terms;
        private final Map<BytesRef, Postings[]> byPrefix = new HashMap<>();
        /** The limit each cached expansion was made with: one cut short at a lower limit is made again. */
        private final Map<BytesRef, Integer> limits = new HashMap<>();
        private PostingsEnum postings;
        /** The terms' bytes end to end; term {@code ord} is {@code termBytes[termStarts[ord] .. termStarts[ord + 1])}. */
        private byte[] termBytes;
        private int[] termStarts;
        /** Open addressing by hash: {@code ord + 1} in {@link #slots} (0: empty), its hash in {@link #hashes}. */
        private int[] slots;
        private int[] hashes;
        /**
         * Whether the index numbers its terms in walk order (the matcher's MemoryIndex does), so a word's
         * positions are read by seeking its number; otherwise (a one-document segment of the archive, whose
         * block-tree terms have no numbers) by seeking its bytes, once per word the document holds.
         */
        private boolean byNumber;
        /** Each term's positions once read, by term number; null until asked for. */
        private Postings[] byOrd;

        /** The field in the matcher's own index (no Lucene terms then); null with Lucene terms. */
        private final DocumentIndex.Field own;

        private FieldWords(Terms all, TermsEnum terms, DocumentIndex.Field own) {
            this.all = all;
            this.terms = terms;
            this.own = own;
        }

        static FieldWords read(Terms terms) throws IOException {
            return new FieldWords(terms, terms == null ? null : terms.iterator(), null);
        }

        /** The words of a field of the matcher's own index; {@code field} null: the document has none. */
        static FieldWords of(DocumentIndex.Field field) {
            FieldWords words = new FieldWords(null, null, field);
            if (field != null) {
                words.byOrd = new Postings[field.termCount()];
            }
            return words;
        }

        /** The word's occurrences and statistics, or null if the document does not hold it. */
        Postings postings(BytesRef word) throws IOException {
            return postings(word, hash(word));
        }

        /**
         * {@link #postings(BytesRef)} with the word's {@link #hash} computed once by the caller (a
         * rule's words are constants, so their plans keep it): a look-up is then a probe, not a hash.
         */
        Postings postings(BytesRef word, int hash) throws IOException {
            if (own != null) {
                return ownPostings(own.find(word, hash));
            }
            if (terms == null) {
                return null;
            }
            if (slots == null) {
                index();
            }
            int ord = ordOf(word, hash);
            if (ord < 0) {
                return null;
            }
            Postings known = byOrd[ord];
            if (known == null) {
                if (byNumber) {
                    terms.seekExact(ord);
                } else if (!terms.seekExact(new BytesRef(termBytes, termStarts[ord], termStarts[ord + 1] - termStarts[ord]))) {
                    throw new IllegalStateException("a term walked a moment ago is gone from the document's index");
                }
                known = readPostings();
                byOrd[ord] = known;
            }
            return known == ABSENT ? null : known;
        }

        /** Term {@code id} of the own index, read once; null for -1 (absent). */
        private Postings ownPostings(int id) {
            if (id < 0) {
                return null;
            }
            Postings known = byOrd[id];
            if (known == null) {
                known = own.postings(id);
                byOrd[id] = known;
            }
            return known;
        }

        private static boolean numbersTerms(TermsEnum walk) throws IOException {
            try {
                return walk.ord() == 0;
            } catch (UnsupportedOperationException noNumbers) {
                return false;
            }
        }

        /** Walks the field's terms once, in term-number order, into the hash table. */
        private void index() throws IOException {
            long size = all.size();
            if (size < 0) {
                throw new IllegalStateException("the field's terms do not say how many they are; DocumentPositions reads one-document indexes that count their terms (MemoryIndex, Lucene segments)");
            }
            int count = Math.toIntExact(size);
            int capacity = Integer.highestOneBit(Math.max(count, 1) * 2) * 2;
            slots = new int[capacity];
            hashes = new int[capacity];
            termStarts = new int[count + 1];
            byOrd = new Postings[count];
            termBytes = new byte[Math.max(16, count * 8)];
            TermsEnum walk = all.iterator();
            int ord = 0;
            int end = 0;
            for (BytesRef term = walk.next(); term != null; term = walk.next(), ord++) {
                if (ord == 0) {
                    byNumber = numbersTerms(walk);
                }
                if (byNumber && walk.ord() != ord) {
                    throw new IllegalStateException("term numbers out of walk order: " + walk.ord() + " at " + ord);
                }
                if (end + term.length > termBytes.length) {
                    termBytes = Arrays.copyOf(termBytes, Math.max(termBytes.length * 2, end + term.length));
                }
                System.arraycopy(term.bytes, term.offset, termBytes, end, term.length);
                end += term.length;
                termStarts[ord + 1] = end;
                int hash = term.hashCode();
                int slot = hash & (capacity - 1);
                while (slots[slot] != 0) {
                    slot = (slot + 1) & (capacity - 1);
                }
                slots[slot] = ord + 1;
                hashes[slot] = hash;
            }
        }

        /** The term number of {@code word} in this field, negative if the document does not hold it. */
        private int ordOf(BytesRef word, int hash) {
            int mask = slots.length - 1;
            for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                int ord = slots[slot] - 1;
                if (hashes[slot] == hash && Arrays.equals(termBytes, termStarts[ord], termStarts[ord + 1],
                        word.bytes, word.offset, word.offset + word.length)) {
                    return ord;
                }
            }
            return -1;
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
            if (own != null) {
                int at = own.ceil(prefix);
                return at < own.termCount() && own.startsWith(own.sortedIds()[at], prefix);
            }
            return terms != null && terms.seekCeil(prefix) != TermsEnum.SeekStatus.END && StringHelper.startsWith(terms.term(), prefix);
        }

        /** The postings of each word with the prefix, up to one past {@code limit} words (enough to say "too many"). */
        private Postings[] expand(BytesRef prefix, int limit) throws IOException {
            if (own != null) {
                List<Postings> found = new ArrayList<>();
                int[] order = own.sortedIds();
                for (int at = own.ceil(prefix); at < order.length && own.startsWith(order[at], prefix); at++) {
                    found.add(ownPostings(order[at]));
                    if (found.size() > limit) {
                        break;
                    }
                }
                return found.isEmpty() ? NONE : found.toArray(Postings[]::new);
            }
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
            return Arrays.binarySearch(positions, position);
        }
    }
}
