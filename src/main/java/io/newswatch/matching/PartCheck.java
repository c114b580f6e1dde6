package io.newswatch.matching;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.intervals.IntervalQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * A rule part evaluated over the document's word positions and the shared interval recordings,
 * without building a Lucene weight or scorer for it: whether it matches, and if it does, the score
 * Lucene would give it (to the bit) and the spans Lucene's {@code matches()} would report for its
 * highlights. A part that does not match costs a few hash probes; one that matches costs its
 * scores' arithmetic and its words' offsets, read from the same positions.
 *
 * <p>Built once per part at registration from the part <em>as Lucene rewrote it</em> (so the
 * boolean structure, boosts and nesting are those Lucene scores): words, exact phrases, prefixes
 * (Lucene's constant-score rewrite), interval queries over shared sources with the default score
 * function, boosts and boolean combinations of them. Any other query (a kind the rule language
 * may grow later, a sloppy phrase, a minimum-should-match) makes the whole part unknown
 * ({@link #of} returns null), and the part runs through Lucene alone. Where a document leaves the
 * evaluation unsure (an interval node only Lucene evaluates, a wildcard past its expansion
 * limit, two alternatives yielding the same interval from different words, a sum whose rounding
 * could depend on the order Lucene adds in) it throws {@link Unknown} and the part runs through
 * Lucene on that document.
 *
 * <p>How Lucene 10.3 scores these, reproduced here (checked against Lucene on the corpora by
 * {@code PositionEvaluatorTest}): a word, BM25 from the similarity's own scorer with the
 * document's statistics and norm; a phrase, the same over the count of its occurrences; a prefix,
 * its boost (constant score); an interval query, {@code boost * (1 - 1 / (1 + f))} with
 * {@code f} the sum of {@code 1 / max(length - minExtent + 1, 1)} over the intervals (each step
 * added in double and rounded to float, in the intervals' order); a boolean,
 * the required clauses' scores summed in double and rounded to float, plus (a float addition) the
 * matching optional clauses' summed the same way. A double sum of floats is exact when their
 * exponents lie close enough together, and then does not depend on the order Lucene adds them
 * in; {@link #sum} checks that and otherwise leaves the part to Lucene.
 */
sealed interface PartCheck {
    /** Whether the part matches the document; throws {@link Unknown} where only Lucene can tell. */
    boolean matches(PositionEvaluator.Document document) throws IOException;

    /** Lucene's score for this clause, with {@code boost} from above it; only asked of a clause that matches. */
    float score(PositionEvaluator.Document document, float boost) throws IOException;

    /** The spans Lucene's {@code matches()} reports for this clause; only asked of a clause that matches. */
    void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) throws IOException;

    /** Thrown where the check cannot tell (an interval list a plan cannot read); the part then runs through Lucene. */
    final class Unknown extends RuntimeException {
        static final Unknown INSTANCE = new Unknown();

        private Unknown() {
            super("undecided by positions", null, false, false);
        }
    }

    /** What evaluating a part on one document found. */
    record Outcome(boolean matched, float score, Set<Evidence.Span> spans) {
        static final Outcome NO_MATCH = new Outcome(false, 0f, Set.of());

        static Outcome match(float score, Set<Evidence.Span> spans) {
            return new Outcome(true, score, spans);
        }
    }

    /**
     * Whether a match of this check may always need Lucene: it reads an interval node with a node
     * below it that has no plan ({@link SharedIntervalsSource#fullyPlanned}), whose highlights only
     * Lucene can tell. Such a part keeps its rewritten query, so the fallback does not rewrite it
     * (a walk over its whole tree) on every document it matches.
     */
    static boolean readsUnplannedNode(PartCheck check) {
        return switch (check) {
            case Interval i -> !i.source().fullyPlanned();
            case Bool b -> b.required().stream().anyMatch(PartCheck::readsUnplannedNode)
                    || b.excluded().stream().anyMatch(PartCheck::readsUnplannedNode)
                    || b.optional().stream().anyMatch(PartCheck::readsUnplannedNode);
            case Boosted b -> readsUnplannedNode(b.inner());
            case Word w -> false;
            case Phrase p -> false;
            case Prefix p -> false;
            case Nothing n -> false;
        };
    }

    /** For tests: the check of a part as it is, unrewritten (only its matching is asked). */
    static PartCheck of(Query query) {
        return of(query, new Interner(), q -> q);
    }

    /**
     * The check for a part as Lucene rewrote it ({@code rewritten}), or null if some clause is of a
     * kind this does not know. {@code rewrite} is how the part was rewritten (to recognise Lucene's
     * own rewrite of a prefix query). Words, phrases, prefixes and interval checks are shared through
     * {@code interner} with every other part that has an equal one: 10,000 generated rules have
     * 62,469 parts but only a few thousand distinct {@code AND NOT} phrases and words, and a copy per
     * part cost about 90 MiB.
     */
    static PartCheck of(Query rewritten, Interner interner, UnaryOperator<Query> rewrite) {
        PartCheck check = switch (rewritten) {
            case TermQuery t -> new Word(t.getTerm().field(), t.getTerm().bytes());
            case PhraseQuery p -> phrase(p);
            case PrefixQuery p -> prefix(p);
            case IntervalQuery i -> interval(i);
            case BooleanQuery b -> bool(b, interner, rewrite);
            case BoostQuery b -> boosted(b, interner, rewrite);
            case MatchNoDocsQuery n -> Nothing.INSTANCE;
            default -> rewrittenPrefix(rewritten, rewrite);
        };
        // Boolean checks are nearly all distinct (one per part); only their leaves repeat.
        return check == null || check instanceof Bool || check instanceof Boosted || check instanceof Nothing
                ? check : interner.intern(check);
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
        int[] positions = phrase.getPositions();
        if (phrase.getSlop() != 0 || terms.length == 0) {
            return null;
        }
        for (int i = 1; i < positions.length; i++) {
            if (positions[i] <= positions[i - 1]) {
                return null; // two words at one position: Lucene's choice of the highlight's first word is its sort's
            }
        }
        BytesRef[] words = Arrays.stream(terms).map(t -> BytesRef.deepCopyOf(t.bytes())).toArray(BytesRef[]::new);
        return new Phrase(phrase.getField(), words, positions.clone());
    }

    /** An unrewritten prefix query (tests); scored as Lucene's default constant-score rewrite scores it. */
    private static PartCheck prefix(PrefixQuery prefix) {
        if (prefix.getRewriteMethod() != MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE) {
            return null;
        }
        return new Prefix(prefix.getPrefix().field(), prefix.getPrefix().bytes());
    }

    /**
     * A prefix query as Lucene rewrites it by default (a constant-score wrapper, package-private in
     * Lucene): recognised as the only leaf under {@code query} being a prefix query whose own
     * rewrite gives back exactly {@code query}.
     */
    private static PartCheck rewrittenPrefix(Query query, UnaryOperator<Query> rewrite) {
        PrefixQuery[] found = new PrefixQuery[1];
        int[] leaves = {0};
        query.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query q, Term... terms) {
                leaves[0]++;
            }

            @Override
            public void consumeTermsMatching(Query q, String field, Supplier<ByteRunAutomaton> automaton) {
                leaves[0]++;
                if (q instanceof PrefixQuery p) {
                    found[0] = p;
                }
            }

            @Override
            public void visitLeaf(Query q) {
                leaves[0]++;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        if (leaves[0] != 1 || found[0] == null || found[0] == query) {
            return null;
        }
        Query expected;
        try {
            expected = rewrite.apply(found[0]);
        } catch (RuntimeException e) {
            return null;
        }
        return query.equals(expected) ? prefix(found[0]) : null;
    }

    private static PartCheck interval(IntervalQuery query) {
        List<SharedIntervalsSource> sources = SharedIntervalsSource.requiredBy(query);
        if (sources.size() != 1 || !sources.getFirst().field().equals(query.getField())) {
            return null;
        }
        SharedIntervalsSource source = sources.getFirst();
        // Equal only with the default score function (saturation, pivot 1), which Interval reproduces.
        if (!query.equals(new IntervalQuery(query.getField(), source))) {
            return null;
        }
        return new Interval(source, source.field());
    }

    private static PartCheck boosted(BoostQuery query, Interner interner, UnaryOperator<Query> rewrite) {
        PartCheck inner = of(query.getQuery(), interner, rewrite);
        return inner == null ? null : new Boosted(inner, query.getBoost());
    }

    private static PartCheck bool(BooleanQuery query, Interner interner, UnaryOperator<Query> rewrite) {
        if (query.getMinimumNumberShouldMatch() > 0) {
            return null;
        }
        List<PartCheck> required = new ArrayList<>();
        List<PartCheck> excluded = new ArrayList<>();
        List<PartCheck> optional = new ArrayList<>();
        for (BooleanClause clause : query.clauses()) {
            PartCheck check = of(clause.query(), interner, rewrite);
            if (check == null) {
                return null;
            }
            switch (clause.occur()) {
                case MUST -> required.add(check);
                case MUST_NOT -> excluded.add(check);
                case SHOULD -> optional.add(check);
                case FILTER -> {
                    return null; // not scored; the compiler makes none
                }
            }
        }
        if (required.isEmpty() && optional.isEmpty()) {
            return null; // only exclusions: Lucene matches nothing; left to Lucene to say so
        }
        return new Bool(List.copyOf(required), List.copyOf(excluded), List.copyOf(optional));
    }

    /**
     * Lucene's sum of clause scores: added in double, rounded to float once. Lucene's order (the
     * clauses' order, or a disjunction's heap order) is not reproduced; instead the sum is only
     * returned when it is exact in double, which makes every order give the same bits: each float
     * is a 24-bit integer times a power of two, so the exact sum of {@code n} of them spans at most
     * {@code maxExponent - minExponent + 24 + ceil(log2 n)} bits, and a double holds 53.
     */
    static float sum(float[] scores, int n) {
        if (n == 1) {
            return scores[0];
        }
        double total = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int nonZero = 0;
        for (int i = 0; i < n; i++) {
            float score = scores[i];
            if (score == 0f) {
                continue;
            }
            if (!Float.isFinite(score) || Math.abs(score) < Float.MIN_NORMAL) {
                throw Unknown.INSTANCE;
            }
            int exponent = Math.getExponent(score);
            min = Math.min(min, exponent);
            max = Math.max(max, exponent);
            total += score;
            nonZero++;
        }
        if (nonZero > 1 && max - min + (32 - Integer.numberOfLeadingZeros(nonZero - 1)) > 29) {
            throw Unknown.INSTANCE;
        }
        return (float) total;
    }

    private static void add(Set<Evidence.Span> into, String field, int start, int end) {
        // What EvidenceMatcher keeps of Lucene's matches: spans with offsets, not empty.
        if (start >= 0 && end > start) {
            into.add(new Evidence.Span(field, start, end));
        }
    }

    /** One word; {@code hash} is its {@link DocumentPositions#hash} (a function of the word, so equality is unchanged). */
    record Word(String field, BytesRef word, int hash) implements PartCheck {
        Word(String field, BytesRef word) {
            this(field, word, DocumentPositions.hash(word));
        }

        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            return document.positions().field(field).postings(word, hash) != null;
        }

        @Override
        public float score(PositionEvaluator.Document document, float boost) throws IOException {
            DocumentPositions.Postings postings = document.positions().field(field).postings(word, hash);
            return document.scorer(field, boost, new BytesRef[] {word}, new DocumentPositions.Postings[] {postings})
                    .score(postings.freq(), document.norm(field));
        }

        @Override
        public void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) throws IOException {
            DocumentPositions.Postings postings = document.positions().field(field).postings(word, hash);
            for (int i = 0; i < postings.freq(); i++) {
                add(into, field, postings.starts()[i], postings.ends()[i]);
            }
        }
    }

    /** An exact phrase; {@code offsets} are the words' positions in the phrase, strictly ascending. */
    record Phrase(String field, BytesRef[] words, int[] offsets, PhraseKey key, int[] hashes) implements PartCheck {
        Phrase(String field, BytesRef[] words, int[] offsets) {
            this(field, words, offsets, new PhraseKey(field, List.of(words), Arrays.stream(offsets).boxed().toList()),
                    PositionEvaluator.wordHashes(words));
        }

        /** Value equality for the interner (the record's own compares the arrays by identity). */
        record PhraseKey(String field, List<BytesRef> words, List<Integer> offsets) {}

        private DocumentPositions.Postings[] postings(PositionEvaluator.Document document) throws IOException {
            DocumentPositions.FieldWords in = document.positions().field(field);
            DocumentPositions.Postings[] at = new DocumentPositions.Postings[words.length];
            for (int i = 0; i < words.length; i++) {
                at[i] = in.postings(words[i], hashes[i]);
                if (at[i] == null) {
                    return null;
                }
            }
            return at;
        }

        /** Where the phrase's first word stands at each occurrence of the phrase, ascending. */
        private int[] occurrences(DocumentPositions.Postings[] at, boolean all) {
            int[] found = new int[at[0].freq()];
            int n = 0;
            for (int start : at[0].positions()) {
                int base = start - offsets[0];
                boolean here = true;
                for (int i = 1; i < words.length && here; i++) {
                    here = at[i].at(base + offsets[i]) >= 0;
                }
                if (here) {
                    found[n++] = start;
                    if (!all) {
                        break;
                    }
                }
            }
            return Arrays.copyOf(found, n);
        }

        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            DocumentPositions.Postings[] at = postings(document);
            return at != null && occurrences(at, false).length > 0;
        }

        @Override
        public float score(PositionEvaluator.Document document, float boost) throws IOException {
            DocumentPositions.Postings[] at = postings(document);
            // Lucene's exact phrase matcher adds 1 per occurrence: the count, exact in a float.
            float freq = occurrences(at, true).length;
            return document.scorer(field, boost, words, at).score(freq, document.norm(field));
        }

        @Override
        public void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) throws IOException {
            DocumentPositions.Postings[] at = postings(document);
            int last = words.length - 1;
            // Lucene reports a phrase occurrence as one span, its first word's start to its last word's end.
            for (int start : occurrences(at, true)) {
                int base = start - offsets[0];
                add(into, field, at[0].starts()[at[0].at(start)], at[last].ends()[at[last].at(base + offsets[last])]);
            }
        }
    }

    record Prefix(String field, BytesRef prefix) implements PartCheck {
        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            return document.positions().field(field).anyWithPrefix(prefix);
        }

        @Override
        public float score(PositionEvaluator.Document document, float boost) {
            return boost; // Lucene's constant-score rewrite: the boost
        }

        @Override
        public void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) throws IOException {
            for (DocumentPositions.Postings word : document.positions().field(field).prefixed(prefix, Integer.MAX_VALUE - 1)) {
                for (int i = 0; i < word.freq(); i++) {
                    add(into, field, word.starts()[i], word.ends()[i]);
                }
            }
        }
    }

    /**
     * An interval query over a shared node. {@code field} is part of its identity: a node's Lucene
     * source does not name its field (the query does), so {@code title:(a NEAR/3 b)} and {@code a
     * NEAR/3 b} have equal sources, and without the field the interner would let one stand for the
     * other.
     */
    record Interval(SharedIntervalsSource source, String field) implements PartCheck {
        private IntervalList intervals(PositionEvaluator.Document document) throws IOException {
            IntervalList intervals = document.intervalsOf(source);
            if (intervals == null) {
                throw Unknown.INSTANCE; // a list a plan cannot read: let Lucene decide
            }
            return intervals;
        }

        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            return intervals(document).size > 0;
        }

        @Override
        public float score(PositionEvaluator.Document document, float boost) throws IOException {
            IntervalList intervals = intervals(document);
            int minExtent = source.minExtent();
            float freq = 0;
            for (int i = 0; i < intervals.size; i++) {
                int length = intervals.ends[i] - intervals.starts[i] + 1;
                // As Lucene 10.3's interval scorer adds: in double, rounded to float at each step.
                freq = (float) (freq + 1.0 / Math.max(length - minExtent + 1, 1));
            }
            return boost * (1f - 1f / (1f + freq)); // Lucene's saturation, pivot 1
        }

        @Override
        public void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) throws IOException {
            PositionEvaluator.Evaluated matched = document.withLeaves(source);
            if (matched == null) {
                throw Unknown.INSTANCE;
            }
            for (int[] words : matched.leaves()) {
                for (int i = 0; i + 1 < words.length; i += 2) {
                    add(into, source.field(), words[i], words[i + 1]);
                }
            }
        }
    }

    /** Lucene's {@code BoostQuery}: the boost multiplies the one from above. */
    record Boosted(PartCheck inner, float boost) implements PartCheck {
        @Override
        public boolean matches(PositionEvaluator.Document document) throws IOException {
            return inner.matches(document);
        }

        @Override
        public float score(PositionEvaluator.Document document, float from) throws IOException {
            return inner.score(document, boost * from);
        }

        @Override
        public void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) throws IOException {
            inner.spans(document, into);
        }
    }

    /** Lucene's {@code MatchNoDocsQuery}. */
    final class Nothing implements PartCheck {
        static final Nothing INSTANCE = new Nothing();

        private Nothing() {}

        @Override
        public boolean matches(PositionEvaluator.Document document) {
            return false;
        }

        @Override
        public float score(PositionEvaluator.Document document, float boost) {
            throw Unknown.INSTANCE;
        }

        @Override
        public void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) {
            throw Unknown.INSTANCE;
        }
    }

    record Bool(List<PartCheck> required, List<PartCheck> excluded, List<PartCheck> optional) implements PartCheck {
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
            if (!required.isEmpty()) {
                return true; // optional clauses only add to the score
            }
            for (PartCheck check : optional) {
                if (check.matches(document)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public float score(PositionEvaluator.Document document, float boost) throws IOException {
            float[] scores = new float[Math.max(required.size(), optional.size())];
            float requiredScore = 0f;
            if (!required.isEmpty()) {
                for (int i = 0; i < required.size(); i++) {
                    scores[i] = required.get(i).score(document, boost);
                }
                requiredScore = sum(scores, required.size());
            }
            int n = 0;
            for (PartCheck check : optional) {
                if (check.matches(document)) {
                    scores[n++] = check.score(document, boost);
                }
            }
            if (required.isEmpty()) {
                return sum(scores, n);
            }
            // Lucene's required-plus-optional scorer adds the two in float.
            return n == 0 ? requiredScore : requiredScore + sum(scores, n);
        }

        @Override
        public void spans(PositionEvaluator.Document document, Set<Evidence.Span> into) throws IOException {
            for (PartCheck check : required) {
                check.spans(document, into);
            }
            for (PartCheck check : optional) {
                if (check.matches(document)) {
                    check.spans(document, into);
                }
            }
        }
    }
}
