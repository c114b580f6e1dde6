package io.newswatch.matching;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.index.FieldInvertState;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IntroSorter;
import org.apache.lucene.util.Version;

/**
 * One document's words per field, analysed once, in the compact form the matcher reads: each
 * field's distinct terms in a hash table, every occurrence's position and offsets grouped by term,
 * and the statistics Lucene's scorers read (norm, term and field frequencies). It holds what the
 * matcher's per-document {@code MemoryIndex} held (the same terms, positions, offsets, norms and
 * statistics, {@code DocumentIndexTest} compares them), without its byte and int block pools,
 * slices, term sorting and reader objects: a document is matched from this, and a MemoryIndex is
 * built only for the rare part that must run through Lucene ({@link RuleMatcher}).
 *
 * <p>Positions and offsets are taken from the token streams exactly as {@code MemoryIndex}
 * takes them (position {@code -1} plus each increment; offsets as the stream reports them, one
 * value per field). Not thread-safe; one per document.
 */
final class DocumentIndex {
    /** The similarity the matcher's MemoryIndex computes norms with and its searcher scores with. */
    static final Similarity SIMILARITY = IndexSearcher.getDefaultSimilarity();

    private final Map<String, Field> fields = new LinkedHashMap<>(8);

    private DocumentIndex() {}

    /** Consumes the token stream of each of the document's fields (fields made by {@link Fields#toLuceneAnalysedOnce}). */
    static DocumentIndex of(org.apache.lucene.document.Document document) {
        DocumentIndex index = new DocumentIndex();
        for (IndexableField field : document) {
            if (index.fields.containsKey(field.name())) {
                // MemoryIndex would append a second value after a position gap; the matcher's documents have one per field.
                throw new IllegalArgumentException("field " + field.name() + " given twice; DocumentIndex takes one value per field");
            }
            TokenStream stream = field.tokenStream(null, null);
            if (stream == null) {
                throw new IllegalArgumentException("field " + field.name() + " has no token stream; DocumentIndex takes analysed text fields");
            }
            index.fields.put(field.name(), Field.read(field.name(), stream));
        }
        return index;
    }

    /** The field's words, or null if the document has no such field or the field has no words (as Lucene's {@code terms} is null then). */
    Field field(String name) {
        Field field = fields.get(name);
        return field == null || field.tokens == 0 ? null : field;
    }

    /** Whether the field was given (even without words): Lucene then has a norm for it. */
    boolean hasField(String name) {
        return fields.containsKey(name);
    }

    /** The fields that hold words, in the order they were given. */
    Collection<Field> fields() {
        return fields.values().stream().filter(f -> f.tokens > 0).toList();
    }

    /** The norm of a field given without words or absent: Lucene's norm of an empty field, 1 when absent (as the scorers read it). */
    long norm(String name) {
        Field field = fields.get(name);
        return field == null ? 1L : field.norm();
    }

    /** One field: its distinct terms and their occurrences. */
    static final class Field {
        private final String name;
        /** Term {@code id}'s bytes are {@code termBytes[termStarts[id] .. termStarts[id + 1])}; ids in order of first occurrence. */
        private byte[] termBytes = new byte[1024];
        private int[] termStarts = new int[129];
        /** Term {@code id}'s {@link DocumentPositions#hash}. */
        private int[] termHashes = new int[128];
        private int terms;
        /** Open addressing by hash: {@code id + 1} in {@link #slots} (0: empty), its hash in {@link #hashes}. */
        private int[] slots = new int[256];
        private int[] hashes = new int[256];
        /** Term id, position and offsets of each token, in stream order, until {@link #group}. */
        private int[] tokenTerms = new int[256];
        private int[] tokenPositions = new int[256];
        private int[] tokenStarts = new int[256];
        private int[] tokenEnds = new int[256];
        private int tokens;
        private int overlapTokens;
        private int lastPosition;
        private int maxTermFrequency;
        /** Occurrences grouped by term: term {@code id}'s are {@code [firstOccurrence[id] .. firstOccurrence[id + 1])}. */
        private int[] firstOccurrence;
        private int[] positions;
        private int[] starts;
        private int[] ends;
        /** Term ids in byte order, made the first time a prefix is looked up. */
        private int[] sorted;
        private long norm = -1;

        private Field(String name) {
            this.name = name;
        }

        static Field read(String name, TokenStream tokenStream) {
            Field field = new Field(name);
            int pos = -1;
            try (TokenStream stream = tokenStream) {
                TermToBytesRefAttribute term = stream.getAttribute(TermToBytesRefAttribute.class);
                PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
                OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
                stream.reset();
                while (stream.incrementToken()) {
                    int posIncr = increment.getPositionIncrement();
                    if (posIncr == 0) {
                        field.overlapTokens++;
                    }
                    pos += posIncr;
                    field.add(term.getBytesRef(), pos, offset.startOffset(), offset.endOffset());
                }
                stream.end();
            } catch (IOException e) {
                throw new UncheckedIOException("analysing field " + name + " failed", e);
            }
            if (field.tokens > 0) {
                field.lastPosition = pos;
            }
            field.group();
            return field;
        }

        private void add(BytesRef term, int position, int start, int end) {
            int id = idOf(term, DocumentPositions.hash(term), true);
            if (tokens == tokenTerms.length) {
                int size = tokens * 2;
                tokenTerms = Arrays.copyOf(tokenTerms, size);
                tokenPositions = Arrays.copyOf(tokenPositions, size);
                tokenStarts = Arrays.copyOf(tokenStarts, size);
                tokenEnds = Arrays.copyOf(tokenEnds, size);
            }
            tokenTerms[tokens] = id;
            tokenPositions[tokens] = position;
            tokenStarts[tokens] = start;
            tokenEnds[tokens] = end;
            tokens++;
        }

        /** The term's id; with {@code add}, a new id for a term not seen yet, else -1 for one the field does not hold. */
        private int idOf(BytesRef term, int hash, boolean add) {
            int mask = slots.length - 1;
            int slot = hash & mask;
            for (; slots[slot] != 0; slot = (slot + 1) & mask) {
                int id = slots[slot] - 1;
                if (hashes[slot] == hash && Arrays.equals(termBytes, termStarts[id], termStarts[id + 1],
                        term.bytes, term.offset, term.offset + term.length)) {
                    return id;
                }
            }
            if (!add) {
                return -1;
            }
            int id = terms++;
            if (terms + 1 > termStarts.length) {
                termStarts = Arrays.copyOf(termStarts, termStarts.length * 2);
            }
            if (terms > termHashes.length) {
                termHashes = Arrays.copyOf(termHashes, termHashes.length * 2);
            }
            termHashes[id] = hash;
            int at = termStarts[id];
            if (at + term.length > termBytes.length) {
                termBytes = Arrays.copyOf(termBytes, Math.max(termBytes.length * 2, at + term.length));
            }
            System.arraycopy(term.bytes, term.offset, termBytes, at, term.length);
            termStarts[id + 1] = at + term.length;
            slots[slot] = id + 1;
            hashes[slot] = hash;
            if (terms * 2 > slots.length) {
                rehash();
            }
            return id;
        }

        private void rehash() {
            int capacity = slots.length * 2;
            int[] newSlots = new int[capacity];
            int[] newHashes = new int[capacity];
            for (int slot = 0; slot < slots.length; slot++) {
                if (slots[slot] != 0) {
                    int at = hashes[slot] & (capacity - 1);
                    while (newSlots[at] != 0) {
                        at = (at + 1) & (capacity - 1);
                    }
                    newSlots[at] = slots[slot];
                    newHashes[at] = hashes[slot];
                }
            }
            slots = newSlots;
            hashes = newHashes;
        }

        /** Groups the tokens by term (a counting sort: each term's occurrences stay in stream order). */
        private void group() {
            firstOccurrence = new int[terms + 1];
            for (int i = 0; i < tokens; i++) {
                firstOccurrence[tokenTerms[i] + 1]++;
            }
            for (int id = 0; id < terms; id++) {
                maxTermFrequency = Math.max(maxTermFrequency, firstOccurrence[id + 1]);
                firstOccurrence[id + 1] += firstOccurrence[id];
            }
            positions = new int[tokens];
            starts = new int[tokens];
            ends = new int[tokens];
            int[] next = Arrays.copyOf(firstOccurrence, terms);
            for (int i = 0; i < tokens; i++) {
                int at = next[tokenTerms[i]]++;
                positions[at] = tokenPositions[i];
                starts[at] = tokenStarts[i];
                ends[at] = tokenEnds[i];
            }
            tokenTerms = tokenPositions = tokenStarts = tokenEnds = null;
        }

        String name() {
            return name;
        }

        /** How many distinct terms the field holds. */
        int termCount() {
            return terms;
        }

        /** The term's id, or -1 if the field does not hold it. */
        int find(BytesRef term) {
            return idOf(term, DocumentPositions.hash(term), false);
        }

        /** {@link #find(BytesRef)} with the term's {@link DocumentPositions#hash} given. */
        int find(BytesRef term, int hash) {
            return idOf(term, hash, false);
        }

        /** Term {@code id}'s {@link DocumentPositions#hash}, computed when the term was read. */
        int hash(int id) {
            return termHashes[id];
        }

        /** The term with this id, into {@code into} (which then points into this field's bytes). */
        BytesRef term(int id, BytesRef into) {
            into.bytes = termBytes;
            into.offset = termStarts[id];
            into.length = termStarts[id + 1] - termStarts[id];
            return into;
        }

        /** The term's occurrences with the statistics Lucene's scorers read (document frequency 1, total frequency = occurrences). */
        DocumentPositions.Postings postings(int id) {
            int from = firstOccurrence[id];
            int to = firstOccurrence[id + 1];
            return new DocumentPositions.Postings(Arrays.copyOfRange(positions, from, to), Arrays.copyOfRange(starts, from, to),
                    Arrays.copyOfRange(ends, from, to), 1, to - from);
        }

        /** Term ids in the terms' byte order (Lucene's term order). */
        int[] sortedIds() {
            if (sorted == null) {
                int[] ids = new int[terms];
                for (int id = 0; id < terms; id++) {
                    ids[id] = id;
                }
                // The terms are distinct, so any sort gives the one byte order; no boxing of the ids.
                new IntroSorter() {
                    private int pivot;

                    @Override
                    protected void swap(int i, int j) {
                        int id = ids[i];
                        ids[i] = ids[j];
                        ids[j] = id;
                    }

                    @Override
                    protected int compare(int i, int j) {
                        return compareTerms(ids[i], ids[j]);
                    }

                    @Override
                    protected void setPivot(int i) {
                        pivot = ids[i];
                    }

                    @Override
                    protected int comparePivot(int j) {
                        return compareTerms(pivot, ids[j]);
                    }
                }.sort(0, terms);
                sorted = ids;
            }
            return sorted;
        }

        private int compareTerms(int a, int b) {
            return Arrays.compareUnsigned(termBytes, termStarts[a], termStarts[a + 1], termBytes, termStarts[b], termStarts[b + 1]);
        }

        /** The index in {@link #sortedIds} of the first term at or after {@code prefix} in byte order ({@link #termCount} if none). */
        int ceil(BytesRef prefix) {
            int[] order = sortedIds();
            int low = 0;
            int high = terms - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int id = order[mid];
                int cmp = Arrays.compareUnsigned(termBytes, termStarts[id], termStarts[id + 1],
                        prefix.bytes, prefix.offset, prefix.offset + prefix.length);
                if (cmp < 0) {
                    low = mid + 1;
                } else if (cmp > 0) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return low;
        }

        /** Whether term {@code id} starts with {@code prefix}. */
        boolean startsWith(int id, BytesRef prefix) {
            int length = termStarts[id + 1] - termStarts[id];
            return length >= prefix.length && Arrays.equals(termBytes, termStarts[id], termStarts[id] + prefix.length,
                    prefix.bytes, prefix.offset, prefix.offset + prefix.length);
        }

        /** The field's norm as the matcher's MemoryIndex computes it (same invert state, same similarity). */
        long norm() {
            if (norm < 0) {
                FieldInvertState state = new FieldInvertState(Version.LATEST.major, name,
                        IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS, lastPosition, tokens, overlapTokens, 0,
                        maxTermFrequency, terms);
                norm = SIMILARITY.computeNorm(state);
            }
            return norm;
        }

        /** The field's statistics as an IndexSearcher over the one document gives them. */
        CollectionStatistics statistics() {
            return new CollectionStatistics(name, 1, 1, tokens, terms);
        }
    }
}
