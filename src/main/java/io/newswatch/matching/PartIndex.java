package io.newswatch.matching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefBuilder;

/**
 * Which registered rule parts a document may match: the presearch index, of our own. Each part is
 * known by a slot number; per field, each word a part needs points to the slots that need it, one
 * list per pass of the presearcher ({@link PartPresearcher.Selection}). A document is a candidate
 * for a part when, in every pass, it holds one of the words the part named for that pass, or when
 * the part could not name words at all ("any word"): exactly the rule of Lucene's
 * {@code MultipassTermFilteredPresearcher} with Monitor, without a Lucene index of the parts, a
 * query of the document's words against it, or a string id read back from doc values and looked
 * up for every candidate: the document's words are looked up in hash maps, the passes are bit
 * sets over the slots, and a candidate is an array read.
 *
 * <p>Thread-safe: matching reads an immutable snapshot; {@link #update} (one writer at a time)
 * builds the next one, copying only the word lists it changes, and publishes it. A removed part's
 * slot is emptied at once; its words are taken out of the lists it was in (its words are chosen
 * again from its query: the choice is deterministic); once more than half the slots are empty the
 * slots are renumbered.
 */
final class PartIndex {
    /** The field Lucene's query tree names for "any word" ({@code TermFilteredPresearcher.ANYTOKEN_FIELD}). */
    static final String ANY_WORD_FIELD = "__anytokenfield";

    private final PartPresearcher presearcher;
    private final int passes;
    private volatile Snapshot snapshot;
    /** Writer's side: the slot of each registered part id. */
    private final Map<String, Integer> slots = new HashMap<>();

    /**
     * One published state: the part in each slot (null once removed), per field the slots of each
     * word per pass, and the slots of parts that may match any document.
     */
    private record Snapshot(RuleMatcher.Part[] parts, Map<String, Map<BytesRef, int[][]>> fields, long[] anyWord, int live,
            Map<String, WordTable> tables) {
        /** {@code tables} made from {@code fields}: each changed field's table again, the others kept from {@code previous}. */
        Snapshot(RuleMatcher.Part[] parts, Map<String, Map<BytesRef, int[][]>> fields, long[] anyWord, int live, Snapshot previous) {
            this(parts, fields, anyWord, live, tablesOf(fields, previous));
        }

        private static Map<String, WordTable> tablesOf(Map<String, Map<BytesRef, int[][]>> fields, Snapshot previous) {
            Map<String, WordTable> tables = new HashMap<>();
            for (Map.Entry<String, Map<BytesRef, int[][]>> field : fields.entrySet()) {
                WordTable kept = previous == null ? null : previous.tables().get(field.getKey());
                // A field the update did not change keeps its map object, so its table is still right.
                tables.put(field.getKey(), kept != null && previous.fields().get(field.getKey()) == field.getValue()
                        ? kept : WordTable.of(field.getValue()));
            }
            return tables;
        }
    }

    /**
     * One field's words and their slot lists in an open-addressing table keyed by
     * {@link DocumentPositions#hash}: a document's term, whose hash {@link DocumentIndex} computed
     * when it read the term, is looked up with a probe and no second hash. Holds the same entries
     * as the field's map.
     */
    private static final class WordTable {
        private final BytesRef[] words;
        private final int[] hashes;
        private final int[][][] lists;
        /**
         * The words that are wildcard prefix markers (ending in {@link WildcardPrefixes#MARK_BYTE}),
         * keyed by the prefix without the mark and its {@link #prefixHash}, which a document term's
         * prefixes are hashed by byte after byte: no marker is built and hashed per prefix.
         */
        private final BytesRef[] prefixes;
        private final int[] prefixHashes;
        private final int[][][] prefixLists;

        private WordTable(int capacity, int prefixCapacity) {
            words = new BytesRef[capacity];
            hashes = new int[capacity];
            lists = new int[capacity][][];
            prefixes = new BytesRef[prefixCapacity];
            prefixHashes = new int[prefixCapacity];
            prefixLists = new int[prefixCapacity][][];
        }

        private static int capacity(int entries) {
            return Integer.highestOneBit(Math.max(entries, 1) * 2) * 2;
        }

        static WordTable of(Map<BytesRef, int[][]> field) {
            int markers = 0;
            for (BytesRef word : field.keySet()) {
                markers += isMarker(word) ? 1 : 0;
            }
            WordTable table = new WordTable(capacity(field.size()), capacity(markers));
            int mask = table.words.length - 1;
            int prefixMask = table.prefixes.length - 1;
            for (Map.Entry<BytesRef, int[][]> word : field.entrySet()) {
                int hash = DocumentPositions.hash(word.getKey());
                int slot = hash & mask;
                while (table.words[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                table.words[slot] = word.getKey();
                table.hashes[slot] = hash;
                table.lists[slot] = word.getValue();
                if (isMarker(word.getKey())) {
                    BytesRef prefix = new BytesRef(word.getKey().bytes, word.getKey().offset, word.getKey().length - 1);
                    int prefixHash = 0;
                    for (int i = prefix.offset; i < prefix.offset + prefix.length; i++) {
                        prefixHash = prefixHash(prefixHash, prefix.bytes[i]);
                    }
                    int at = spread(prefixHash) & prefixMask;
                    while (table.prefixes[at] != null) {
                        at = (at + 1) & prefixMask;
                    }
                    table.prefixes[at] = prefix;
                    table.prefixHashes[at] = prefixHash;
                    table.prefixLists[at] = word.getValue();
                }
            }
            return table;
        }

        private static boolean isMarker(BytesRef word) {
            return word.length > 0 && word.bytes[word.offset + word.length - 1] == WildcardPrefixes.MARK_BYTE;
        }

        /** The hash of a prefix one byte longer than the one {@code hash} is of. */
        static int prefixHash(int hash, byte next) {
            return 31 * hash + (next & 0xFF);
        }

        private static int spread(int hash) {
            return hash ^ (hash >>> 16) ^ (hash >>> 7);
        }

        /** The slot lists of the marker of {@code bytes[from .. to)} as a prefix (null if no part names it); {@code hash} its {@link #prefixHash}. */
        int[][] prefixed(byte[] bytes, int from, int to, int hash) {
            int mask = prefixes.length - 1;
            for (int slot = spread(hash) & mask; prefixes[slot] != null; slot = (slot + 1) & mask) {
                BytesRef prefix = prefixes[slot];
                if (prefixHashes[slot] == hash && Arrays.equals(prefix.bytes, prefix.offset, prefix.offset + prefix.length, bytes, from, to)) {
                    return prefixLists[slot];
                }
            }
            return null;
        }

        /** The word's slot lists (null if no part names it); {@code hash} is its {@link DocumentPositions#hash}. */
        int[][] get(BytesRef word, int hash) {
            int mask = words.length - 1;
            for (int slot = hash & mask; words[slot] != null; slot = (slot + 1) & mask) {
                if (hashes[slot] == hash && words[slot].bytesEquals(word)) {
                    return lists[slot];
                }
            }
            return null;
        }
    }

    PartIndex(PartPresearcher presearcher) {
        this.presearcher = presearcher;
        this.passes = presearcher.passes();
        this.snapshot = new Snapshot(new RuleMatcher.Part[0], Map.of(), new long[0], 0, Map.of());
    }

    /** Number of registered parts. */
    int size() {
        return snapshot.live();
    }

    /**
     * Adds the parts (by their ids) and removes the parts with the {@code removed} ids, in one new
     * snapshot. A part id must not be added twice without being removed in between. The words of
     * every part are chosen before anything changes, so an update that fails leaves the index as
     * it was.
     */
    synchronized void update(Collection<RuleMatcher.Part> added, Collection<String> removed) {
        Snapshot old = snapshot;
        List<PartPresearcher.Selection> addedWords = new ArrayList<>(added.size());
        Set<String> addedIds = new HashSet<>();
        Set<String> removing = new HashSet<>(removed);
        for (RuleMatcher.Part part : added) {
            if (!addedIds.add(part.id()) || (slots.containsKey(part.id()) && !removing.contains(part.id()))) {
                throw new IllegalArgumentException("rule part " + part.id() + " is registered already");
            }
            addedWords.add(presearcher.select(part.query()));
        }
        Map<String, PartPresearcher.Selection> removedWords = new HashMap<>();
        for (String id : removing) {
            Integer slot = slots.get(id);
            if (slot != null) {
                removedWords.put(id, presearcher.select(old.parts()[slot].query()));
            }
        }
        RuleMatcher.Part[] parts = Arrays.copyOf(old.parts(), old.parts().length + added.size());
        long[] anyWord = Arrays.copyOf(old.anyWord(), words(parts.length));
        long[] gone = new long[words(parts.length)];
        Map<String, Map<BytesRef, Change>> changes = new HashMap<>();
        int live = old.live();
        for (String id : removing) {
            Integer slot = slots.remove(id);
            if (slot == null) {
                continue;
            }
            parts[slot] = null;
            live--;
            gone[slot >>> 6] |= 1L << slot;
            anyWord[slot >>> 6] &= ~(1L << slot);
            PartPresearcher.Selection selection = removedWords.get(id);
            if (!selection.anyWord()) {
                forEachWord(selection, (pass, field, word) -> change(changes, field, word));
            }
        }
        int next = old.parts().length;
        int i = 0;
        for (RuleMatcher.Part part : added) {
            int slot = next++;
            slots.put(part.id(), slot);
            parts[slot] = part;
            live++;
            PartPresearcher.Selection selection = addedWords.get(i++);
            if (selection.anyWord()) {
                anyWord[slot >>> 6] |= 1L << slot;
            } else {
                forEachWord(selection, (pass, field, word) -> change(changes, field, word).add(pass, slot, passes));
            }
        }
        Map<String, Map<BytesRef, int[][]>> fields = new HashMap<>(old.fields());
        for (Map.Entry<String, Map<BytesRef, Change>> field : changes.entrySet()) {
            Map<BytesRef, int[][]> before = old.fields().get(field.getKey());
            Map<BytesRef, int[][]> after = before == null ? new HashMap<>() : new HashMap<>(before);
            for (Map.Entry<BytesRef, Change> word : field.getValue().entrySet()) {
                int[][] lists = word.getValue().applyTo(after.get(word.getKey()), gone, passes);
                if (lists == null) {
                    after.remove(word.getKey());
                } else {
                    after.put(word.getKey(), lists);
                }
            }
            if (after.isEmpty()) {
                fields.remove(field.getKey());
            } else {
                fields.put(field.getKey(), after);
            }
        }
        Snapshot next0 = new Snapshot(parts, fields, anyWord, live, old);
        snapshot = parts.length > 1024 && live < parts.length / 2 ? renumbered(next0) : next0;
    }

    /** The same parts in slots 0..live-1, in the same order (so a rule's parts keep their order). */
    private Snapshot renumbered(Snapshot s) {
        int[] to = new int[s.parts().length];
        RuleMatcher.Part[] parts = new RuleMatcher.Part[s.live()];
        long[] anyWord = new long[words(parts.length)];
        int next = 0;
        for (int slot = 0; slot < s.parts().length; slot++) {
            RuleMatcher.Part part = s.parts()[slot];
            to[slot] = part == null ? -1 : next;
            if (part != null) {
                parts[next] = part;
                slots.put(part.id(), next);
                if ((s.anyWord()[slot >>> 6] & (1L << slot)) != 0) {
                    anyWord[next >>> 6] |= 1L << next;
                }
                next++;
            }
        }
        Map<String, Map<BytesRef, int[][]>> fields = new HashMap<>();
        for (Map.Entry<String, Map<BytesRef, int[][]>> field : s.fields().entrySet()) {
            Map<BytesRef, int[][]> words = new HashMap<>();
            for (Map.Entry<BytesRef, int[][]> word : field.getValue().entrySet()) {
                int[][] lists = new int[passes][];
                for (int pass = 0; pass < passes; pass++) {
                    int[] list = word.getValue()[pass];
                    int[] moved = new int[list.length];
                    int n = 0;
                    for (int slot : list) {
                        if (to[slot] >= 0) {
                            moved[n++] = to[slot];
                        }
                    }
                    lists[pass] = n == list.length ? moved : Arrays.copyOf(moved, n);
                }
                words.put(word.getKey(), lists);
            }
            fields.put(field.getKey(), words);
        }
        return new Snapshot(parts, fields, anyWord, s.live(), (Snapshot) null);
    }

    /**
     * Runs {@code each} on every part the document may match, in slot order (registration order,
     * so a rule's parts in their order), and returns how many it ran.
     */
    int candidates(LeafReader document, Consumer<RuleMatcher.Part> each) throws IOException {
        Snapshot s = snapshot;
        long[][] seen = new long[passes][words(s.parts().length)];
        BytesRefBuilder marker = new BytesRefBuilder();
        for (FieldInfo info : document.getFieldInfos()) {
            Map<BytesRef, int[][]> field = s.fields().get(info.name);
            Terms terms = field == null ? null : document.terms(info.name);
            if (terms == null) {
                continue;
            }
            boolean prefixes = WildcardPrefixes.marksPrefixesOf(info.name);
            TermsEnum each0 = terms.iterator();
            for (BytesRef term = each0.next(); term != null; term = each0.next()) {
                mark(field.get(term), seen);
                if (prefixes) {
                    markPrefixes(field, term, marker, seen);
                }
            }
        }
        return run(s, seen, each);
    }

    /**
     * {@link #candidates(LeafReader, Consumer)} over the matcher's own analysed document: the same
     * parts, in the same order (the words are looked up in any order; the parts run in slot order).
     */
    int candidates(DocumentIndex document, Consumer<RuleMatcher.Part> each) {
        Snapshot s = snapshot;
        long[][] seen = new long[passes][words(s.parts().length)];
        BytesRef term = new BytesRef();
        for (DocumentIndex.Field words : document.fields()) {
            Map<BytesRef, int[][]> field = s.fields().get(words.name());
            if (field == null) {
                continue;
            }
            WordTable table = s.tables().get(words.name());
            boolean prefixes = WildcardPrefixes.marksPrefixesOf(words.name());
            for (int id = 0; id < words.termCount(); id++) {
                words.term(id, term);
                mark(table.get(term, words.hash(id)), seen);
                if (prefixes) {
                    markPrefixes(table, term, seen);
                }
            }
        }
        return run(s, seen, each);
    }

    /** Runs every part whose bit is set in all passes (or that needs no word), in slot order. */
    private int run(Snapshot s, long[][] seen, Consumer<RuleMatcher.Part> each) {
        int words = words(s.parts().length);
        int run = 0;
        for (int w = 0; w < words; w++) {
            long bits = seen[0][w];
            for (int pass = 1; pass < passes; pass++) {
                bits &= seen[pass][w];
            }
            bits |= s.anyWord()[w];
            while (bits != 0) {
                int slot = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                RuleMatcher.Part part = s.parts()[slot];
                if (part != null) {
                    run++;
                    each.accept(part);
                }
            }
        }
        return run;
    }

    /**
     * {@link #markPrefixes(Map, BytesRef, BytesRefBuilder, long[][])} over a field's table: the
     * same prefixes looked up (the same markers found), each hashed from the one before it.
     */
    private static void markPrefixes(WordTable table, BytesRef term, long[][] seen) {
        if (term.length == 0) {
            return;
        }
        byte[] bytes = term.bytes;
        int limit = term.offset + term.length;
        int codePoints = 0;
        int hash = WordTable.prefixHash(0, bytes[term.offset]);
        for (int i = term.offset + 1; i <= limit; i++) {
            if (i < limit && (bytes[i] & 0xC0) == 0x80) {
                hash = WordTable.prefixHash(hash, bytes[i]);
                continue; // inside a code point
            }
            codePoints++;
            if (codePoints > WildcardPrefixes.MAX_PREFIX) {
                return;
            }
            if (codePoints >= io.newswatch.rules.query.QueryParser.MIN_WILDCARD_PREFIX) {
                mark(table.prefixed(bytes, term.offset, i, hash), seen);
            }
            if (i < limit) {
                hash = WordTable.prefixHash(hash, bytes[i]);
            }
        }
    }

    /** Looks up the marker of every prefix of the word that a wildcard may name ({@link WildcardPrefixes}). */
    private static void markPrefixes(Map<BytesRef, int[][]> field, BytesRef term, BytesRefBuilder marker, long[][] seen) {
        byte[] bytes = term.bytes;
        int limit = term.offset + term.length;
        int codePoints = 0;
        for (int i = term.offset + 1; i <= limit; i++) {
            if (i < limit && (bytes[i] & 0xC0) == 0x80) {
                continue; // inside a code point
            }
            codePoints++;
            if (codePoints > WildcardPrefixes.MAX_PREFIX) {
                return;
            }
            if (codePoints >= io.newswatch.rules.query.QueryParser.MIN_WILDCARD_PREFIX) {
                marker.clear();
                marker.append(bytes, term.offset, i - term.offset);
                marker.append(WildcardPrefixes.MARK_BYTE);
                mark(field.get(marker.get()), seen);
            }
        }
    }

    private static void mark(int[][] lists, long[][] seen) {
        if (lists == null) {
            return;
        }
        for (int pass = 0; pass < lists.length; pass++) {
            long[] bits = seen[pass];
            for (int slot : lists[pass]) {
                bits[slot >>> 6] |= 1L << slot;
            }
        }
    }

    private static int words(int slots) {
        return (slots + 63) >>> 6;
    }

    private interface WordVisitor {
        void visit(int pass, String field, BytesRef word);
    }

    private static void forEachWord(PartPresearcher.Selection selection, WordVisitor visitor) {
        for (int pass = 0; pass < selection.passes().size(); pass++) {
            for (Map.Entry<String, List<BytesRef>> field : selection.passes().get(pass).entrySet()) {
                for (BytesRef word : field.getValue()) {
                    visitor.visit(pass, field.getKey(), word);
                }
            }
        }
    }

    private static Change change(Map<String, Map<BytesRef, Change>> changes, String field, BytesRef word) {
        return changes.computeIfAbsent(field, f -> new HashMap<>()).computeIfAbsent(word, w -> new Change());
    }

    /** The slots one word gains per pass in an update (its emptied slots are the update's {@code gone} set). */
    private static final class Change {
        private int[][] added;
        private int[] sizes;

        void add(int pass, int slot, int passes) {
            if (added == null) {
                added = new int[passes][4];
                sizes = new int[passes];
            }
            int size = sizes[pass];
            // Slots of one update come in increasing order; a part names a word once per pass.
            if (size > 0 && added[pass][size - 1] == slot) {
                return;
            }
            if (size == added[pass].length) {
                added[pass] = Arrays.copyOf(added[pass], size * 2);
            }
            added[pass][size] = slot;
            sizes[pass] = size + 1;
        }

        /** The word's new lists, or null when no pass keeps a slot. */
        int[][] applyTo(int[][] before, long[] gone, int passes) {
            int[][] after = new int[passes][];
            boolean any = false;
            for (int pass = 0; pass < passes; pass++) {
                int[] old = before == null ? new int[0] : before[pass];
                int extra = added == null ? 0 : sizes[pass];
                int[] list = new int[old.length + extra];
                int n = 0;
                for (int slot : old) {
                    if ((gone[slot >>> 6] & (1L << slot)) == 0) {
                        list[n++] = slot;
                    }
                }
                if (extra > 0) {
                    System.arraycopy(added[pass], 0, list, n, extra);
                    n += extra;
                }
                after[pass] = n == list.length ? list : Arrays.copyOf(list, n);
                any |= n > 0;
            }
            return any ? after : null;
        }
    }
}
