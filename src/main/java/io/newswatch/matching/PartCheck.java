package io.newswatch.matching;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.lang.ref.WeakReference;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.intervals.IntervalQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Whether a rule part matches a document, decided from the document's word positions and the
 * shared interval recordings, before Lucene builds a weight and a scorer for it: a part that does
 * not match costs a few hash probes instead of a {@code BooleanWeight} with a phrase or prefix
 * weight per {@code AND NOT} clause. A part that matches still runs through Lucene, which gives its
 * score and highlights as before, so the check only ever skips parts Lucene would not match.
 *
 * <p>Built once per part at registration from the compiled query: words, exact phrases, prefixes,
 * interval queries over shared sources and boolean combinations of them. Any other query (a kind
 * the rule language may grow later, a sloppy phrase, a minimum-should-match) makes the whole part
 * unknown ({@link #of} returns null), and the part runs through Lucene alone.
 */
sealed interface PartCheck {
    /** Whether the part matches the document; throws {@link Unknown} where only Lucene can tell. */
    boolean matches(PositionEvaluator.Document document) throws IOException;

    /** Thrown where the check cannot tell (an interval list a plan cannot read); the part then runs through Lucene. */
    final class Unknown extends RuntimeException {
        static final Unknown INSTANCE = new Unknown();

        private Unknown() {
            super("undecided by positions", null, false, false);
        }
    }

    /** The check for a compiled part, or null if some clause is of a kind this does not know. */
    static PartCheck of(Query query) {
        return of(query, new Interner());
    }

    /**
     * The check for a compiled part, its words, phrases, prefixes and sub-checks shared through
     * {@code interner} with every other part that has an equal one: 10,000 generated rules have
     * 62,469 parts but only a few thousand distinct {@code AND NOT} phrases and words, and a copy
     * per part cost about 90 MiB.
     */
    static PartCheck of(Query query, Interner interner) {
        PartCheck check = switch (query) {
            case TermQuery t -> new Word(t.getTerm().field(), t.getTerm().bytes());
            case PhraseQuery p -> phrase(p);
            case PrefixQuery p -> new Prefix(p.getPrefix().field(), p.getPrefix().bytes());
            case IntervalQuery i -> interval(i);
            case BooleanQuery b -> bool(b, interner);
            default -> null;
        };
        // Boolean checks are nearly all distinct (one per part); only their leaves repeat.
        return check == null || check instanceof Bool ? check : interner.intern(check);
    }

    /**
     * One instance of each distinct check, held weakly: a check no registered part uses any more
     * (its rules edited or removed) is collected. Not thread-safe; {@link RuleMatcher} registers
     * under its lock.
     */
    final class Interner {
        private final Map<Object, WeakReference<PartCheck>> known = new WeakHashMap<>();

        PartCheck intern(PartCheck check) {
            Object key = check instanceof Phrase p ? p.key() : check;
            WeakReference<PartCheck> ref = known.get(key);
            PartCheck found = ref == null ? null : ref.get();
            if (found != null) {
                return found;
            }
            PartCheck kept = switch (check) {
                // The query's bytes may be a slice of a larger array: keep an exact copy, once.
                case Word w -> new Word(w.field(), BytesRef.deepCopyOf(w.word()));
                case Prefix p -> new Prefix(p.field(), BytesRef.deepCopyOf(p.prefix()));
                default -> check;
            };
            // The key must be reachable from the value alone, or the weak map would drop it at once.
            known.put(kept instanceof Phrase p ? p.key() : kept, new WeakReference<>(kept));
            return kept;
        }

        int size() {
            return known.size();
        }
    }

    private static PartCheck phrase(PhraseQuery phrase) {
        Term[] terms = phrase.getTerms();
        if (phrase.getSlop() != 0 || terms.length == 0) {
            return null;
        }
        BytesRef[] words = Arrays.stream(terms).map(t -> BytesRef.deepCopyOf(t.bytes())).toArray(BytesRef[]::new);
        return new Phrase(phrase.getField(), words, phrase.getPositions().clone());
    }

    private static PartCheck interval(IntervalQuery query) {
        List<SharedIntervalsSource> sources = SharedIntervalsSource.requiredBy(query);
        if (sources.size() != 1 || !sources.getFirst().field().equals(query.getField())) {
            return null;
        }
        return new Interval(sources.getFirst());
    }

    private static PartCheck bool(BooleanQuery query, Interner interner) {
        if (query.getMinimumNumberShouldMatch() > 0) {
            return null;
        }
        List<PartCheck> required = new ArrayList<>();
        List<PartCheck> excluded = new ArrayList<>();
        List<PartCheck> optional = new ArrayList<>();
        for (BooleanClause clause : query.clauses()) {
            PartCheck check = of(clause.query(), interner);
            if (check == null) {
                return null;
            }
            switch (clause.occur()) {
                case MUST, FILTER -> required.add(check);
                case MUST_NOT -> excluded.add(check);
                case SHOULD -> optional.add(check);
            }
        }
        if (required.isEmpty() && optional.isEmpty()) {
            return null; // only exclusions: Lucene matches nothing; left to Lucene to say so
        }
        // With required clauses the optional ones only add to the score.
        return new Bool(List.copyOf(required), List.copyOf(excluded), required.isEmpty() ? List.copyOf(optional) : List.of());
    }

    record Word(String field, BytesRef word) implements PartCheck {
        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            return document.positions().field(field).positions(word) != null;
        }
    }

    record Phrase(String field, BytesRef[] words, int[] offsets, PhraseKey key) implements PartCheck {
        Phrase(String field, BytesRef[] words, int[] offsets) {
            this(field, words, offsets, new PhraseKey(field, List.of(words), Arrays.stream(offsets).boxed().toList()));
        }

        /** Value equality for the interner (the record's own compares the arrays by identity). */
        record PhraseKey(String field, List<BytesRef> words, List<Integer> offsets) {}

        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            DocumentPositions.FieldWords in = document.positions().field(field);
            int[][] at = new int[words.length][];
            for (int i = 0; i < words.length; i++) {
                at[i] = in.positions(words[i]);
                if (at[i] == null) {
                    return false;
                }
            }
            for (int start : at[0]) {
                int base = start - offsets[0];
                boolean all = true;
                for (int i = 1; i < words.length && all; i++) {
                    all = Arrays.binarySearch(at[i], base + offsets[i]) >= 0;
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }
    }

    record Prefix(String field, BytesRef prefix) implements PartCheck {
        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            return document.positions().field(field).anyWithPrefix(prefix);
        }
    }

    record Interval(SharedIntervalsSource source) implements PartCheck {
        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            IntervalList intervals = document.intervalsOf(source);
            if (intervals == null) {
                throw Unknown.INSTANCE; // a list a plan cannot read: let Lucene decide
            }
            return intervals.size > 0;
        }
    }

    record Bool(List<PartCheck> required, List<PartCheck> excluded, List<PartCheck> anyOf) implements PartCheck {
        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            for (PartCheck check : required) {
                if (!check.matches(document)) {
                    return false;
                }
            }
            for (PartCheck check : excluded) {
                if (check.matches(document)) {
                    return false;
                }
            }
            if (anyOf.isEmpty()) {
                return true;
            }
            for (PartCheck check : anyOf) {
                if (check.matches(document)) {
                    return true;
                }
            }
            return false;
        }
    }
}
