package io.newswatch.matching;

import io.newswatch.rules.Aliases;
import io.newswatch.rules.RuleFileParser;
import io.newswatch.rules.query.QueryException;
import io.newswatch.rules.query.QueryNode;
import io.newswatch.rules.query.QueryNode.Alias;
import io.newswatch.rules.query.QueryNode.And;
import io.newswatch.rules.query.QueryNode.Before;
import io.newswatch.rules.query.QueryNode.FieldScope;
import io.newswatch.rules.query.QueryNode.Near;
import io.newswatch.rules.query.QueryNode.Not;
import io.newswatch.rules.query.QueryNode.Or;
import io.newswatch.rules.query.QueryNode.Phrase;
import io.newswatch.rules.query.QueryNode.SameSentence;
import io.newswatch.rules.query.QueryNode.Wildcard;
import io.newswatch.rules.query.QueryParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.intervals.IntervalQuery;
import org.apache.lucene.queries.intervals.Intervals;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns rule queries into Lucene queries over the fields in {@link Fields}.
 *
 * <p>Unquoted words are stemmed and searched in the stemmed field; {@code "phrases"} (even of one
 * word) and {@code wildcards*} are searched in the unstemmed field, so quotes are the way to ask
 * for an exact word form and a wildcard sees words as written. {@code NEAR}/{@code BEFORE} become
 * interval queries on the stemmed field, with {@link Intervals#fixField} pulling phrase and
 * wildcard sides from the unstemmed twin, whose token positions are the same.
 *
 * <p>Alias entries are read like query text: a bare word is stemmed, several words must appear in
 * that order (each stemmed), a word ending in {@code *} is a wildcard, and an entry in double
 * quotes is an exact phrase. Thread-safe: it holds only the aliases.
 */
public final class RuleCompiler {
    /**
     * Most distinct words one wildcard may stand for inside NEAR/BEFORE in one document. Only a
     * single article is ever searched, and the prefix has at least
     * {@value QueryParser#MIN_WILDCARD_PREFIX} letters, so this is far above real use; it bounds
     * the work a careless pattern can cause.
     */
    public static final int MAX_WILDCARD_EXPANSIONS = 1024;

    private static final int MAX_ALIASES_LISTED = 20;

    private final Aliases aliases;

    /**
     * Interval sources by scope and rendering, built once per compiler and shared by every rule
     * that uses them: each wildcard is an automaton, a large rule set repeats the same alias groups
     * thousands of times, and a shared source is evaluated once per document. Interval sources are
     * immutable, so sharing them is safe.
     */
    private final Map<String, SharedIntervalsSource> shared = new ConcurrentHashMap<>();

    /** Whether interval nodes get a {@link PositionEvaluator} plan; off only to measure or check against Lucene alone. */
    private final boolean positionPlans;

    public RuleCompiler(Aliases aliases) {
        this(aliases, true);
    }

    /**
     * {@code positionPlans}: false compiles rules whose interval nodes Lucene evaluates alone, as
     * before the position evaluator; the matches, highlights and scores are the same either way
     * (for benchmarks and tests).
     */
    public RuleCompiler(Aliases aliases, boolean positionPlans) {
        this.aliases = aliases == null ? Aliases.NONE : aliases;
        this.positionPlans = positionPlans;
    }

    /** Parses and compiles; an unknown alias or a word with nothing to search for is a {@link QueryException} pointing at it. */
    public Query compile(String query) throws QueryException {
        return compile(QueryParser.parse(query));
    }

    /** Compiles a parsed query; the tree is checked again, so hand-built trees get the same errors as parsed ones. */
    public Query compile(QueryNode root) throws QueryException {
        QueryParser.validate(root);
        return toQuery(root, Fields.Scope.TEXT);
    }

    /**
     * One message per unusable alias group or entry (no entries, an entry with no words, a bad
     * wildcard), so a rule loader can report them all when it reads {@code _aliases.yml} rather
     * than when a rule first uses the alias. Empty when every alias compiles.
     */
    public List<String> aliasProblems() {
        List<String> problems = new ArrayList<>();
        for (String name : new TreeMap<>(aliases.groups()).keySet()) {
            Alias alias = new Alias(name, 0);
            try {
                for (QueryNode entry : aliasEntries(alias)) {
                    toQuery(entry, Fields.Scope.TEXT);
                }
            } catch (QueryException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** Every shared interval node compiled so far (for tests that check each against Lucene). */
    Collection<SharedIntervalsSource> sharedSources() {
        return List.copyOf(shared.values());
    }

    // ---------------------------------------------------------------- boolean level

    private Query toQuery(QueryNode node, Fields.Scope scope) throws QueryException {
        return toQuery(node, scope, List.of());
    }

    /**
     * {@code vetoes}: the operands of the {@code NOT/S} clauses that apply to this node (from the
     * ANDs above it); each NEAR/BEFORE below keeps only its matches in sentences holding none of
     * them ({@link #vetoed}). The parser lets {@code NOT/S} apply to nothing else.
     */
    private Query toQuery(QueryNode node, Fields.Scope scope, List<QueryNode> vetoes) throws QueryException {
        if (!vetoes.isEmpty() && !(node instanceof And || node instanceof Or || node instanceof Near
                || node instanceof Before || node instanceof SameSentence)) {
            // validate() refuses this; reached only if it is bypassed.
            throw new QueryException("NOT/S vetoes only matches of NEAR or BEFORE, and " + node.render() + " is not one", node.offset());
        }
        return switch (node) {
            case QueryNode.Term t -> words(analyze(NewsAnalyzer.stemmed(), scope.stemmed(), t.text()), scope.stemmed(), t,
                    "\"" + t.text() + "\" has no words to search for; remove it");
            case Phrase p -> words(analyze(NewsAnalyzer.unstemmed(), scope.unstemmed(), p.text()), scope.unstemmed(), p,
                    "empty phrase \"" + p.text() + "\": put words to look for between the quotes");
            case Wildcard w -> new PrefixQuery(new Term(scope.unstemmed(), wildcardPrefix(w)));
            case Alias a -> {
                List<Query> entries = new ArrayList<>();
                for (QueryNode entry : aliasEntries(a)) {
                    entries.add(toQuery(entry, scope));
                }
                yield anyOf(entries);
            }
            case FieldScope f -> toQuery(f.query(), Fields.Scope.named(f.field()));
            case And a -> {
                List<QueryNode> conjuncts = new ArrayList<>();
                List<Fields.Scope> scopes = new ArrayList<>();
                flatten(a, scope, conjuncts, scopes);
                List<QueryNode> applying = new ArrayList<>(vetoes);
                for (QueryNode conjunct : conjuncts) {
                    if (conjunct instanceof Not n && n.sentence()) {
                        applying.add(n.operand());
                    }
                }
                BooleanQuery.Builder all = new BooleanQuery.Builder();
                for (int i = 0; i < conjuncts.size(); i++) {
                    switch (conjuncts.get(i)) {
                        case Not n when n.sentence() -> { } // applied to the positive clauses below
                        case Not n -> all.add(toQuery(n.operand(), scopes.get(i)), Occur.MUST_NOT);
                        case QueryNode positive -> all.add(toQuery(positive, scopes.get(i), List.copyOf(applying)), Occur.MUST);
                    }
                }
                yield all.build();
            }
            case Or o -> {
                List<Query> any = new ArrayList<>();
                for (QueryNode operand : o.operands()) {
                    any.add(toQuery(operand, scope, vetoes));
                }
                yield anyOf(any);
            }
            case Near n -> new IntervalQuery(scope.stemmed(), vetoed(n, vetoes, scope));
            case Before b -> new IntervalQuery(scope.stemmed(), vetoed(b, vetoes, scope));
            case SameSentence s -> new IntervalQuery(scope.stemmed(), vetoed(s, vetoes, scope));
            // validate() admits NOT only as a clause of an AND, which the And case handles.
            case Not n -> throw new QueryException("NOT must be combined with something to look for, as in troops NOT exercise", n.offset());
        };
    }

    /**
     * Flattens nested ANDs (also through title: scopes) so every NOT lands beside the positive
     * clauses, each with its scope. A title: scope whose group has a {@code NOT/S} of its own stays
     * one clause: its veto applies inside it only.
     */
    private static void flatten(QueryNode node, Fields.Scope scope, List<QueryNode> into, List<Fields.Scope> scopes) {
        switch (node) {
            case And a -> {
                for (QueryNode operand : a.operands()) {
                    flatten(operand, scope, into, scopes);
                }
            }
            case FieldScope f when !hasSentenceVeto(f.query()) -> flatten(f.query(), Fields.Scope.named(f.field()), into, scopes);
            default -> {
                into.add(node);
                scopes.add(scope);
            }
        }
    }

    private static boolean hasSentenceVeto(QueryNode node) {
        return node instanceof And a && a.operands().stream().anyMatch(o -> o instanceof Not n && n.sentence()
                || o instanceof And && hasSentenceVeto(o));
    }

    // ---------------------------------------------------------------- NOT/S

    /**
     * {@code target}'s intervals that do not lie inside a sentence holding one of {@code vetoes}
     * (Lucene's {@code notContainedBy(target, containing(sentences, vetoes))}): {@code (a NEAR/8S b)
     * NOT/S x} keeps the pairs of a and b in sentences without x. A match across two sentences lies
     * inside none, so it is never vetoed. Shared like any node, and planned over positions as
     * Lucene's iterators step ({@link PositionEvaluator.NotContainedBy}, {@link PositionEvaluator.Containing}).
     */
    private IntervalsSource vetoed(QueryNode target, List<QueryNode> vetoes, Fields.Scope scope) throws QueryException {
        SharedIntervalsSource kept = shared(target, scope);
        if (vetoes.isEmpty()) {
            return kept;
        }
        SharedIntervalsSource vetoedSentences = sentencesHolding(vetoes, scope);
        return sharedNode(scope + "(NOT/S " + target.render() + " " + renderAll(vetoes) + ")", () ->
                SharedIntervalsSource.of(Intervals.notContainedBy(kept, vetoedSentences), scope.stemmed(),
                        positionPlans ? new PositionEvaluator.NotContainedBy(new PositionEvaluator.Shared(kept),
                                new PositionEvaluator.Shared(vetoedSentences)) : null));
    }

    /** The sentences (as {@link #sentences} finds them) that hold one of {@code vetoes}; one node per rule for all its parts. */
    private SharedIntervalsSource sentencesHolding(List<QueryNode> vetoes, Fields.Scope scope) throws QueryException {
        return sharedNode(scope + "(SENTENCES-HOLDING " + renderAll(vetoes) + ")", () -> {
            List<Built> words = new ArrayList<>();
            for (QueryNode veto : vetoes) {
                SharedIntervalsSource word = shared(veto, scope);
                words.add(new Built(word, new PositionEvaluator.Shared(word)));
            }
            Built any = anyOfIntervals(words);
            SharedIntervalsSource sentences = sentences(scope);
            return SharedIntervalsSource.of(Intervals.containing(sentences, any.source()), scope.stemmed(),
                    positionPlans && any.plan() != null
                            ? new PositionEvaluator.Containing(new PositionEvaluator.Shared(sentences), any.plan()) : null);
        });
    }

    /**
     * Every sentence of two words or more, from its first word to its last: two marks of one parity
     * in a row ({@link SentenceMarksTokenizer}) with no mark of the other parity between them (a
     * sentence of one word has one mark and no span; it cannot hold a match and a veto). Planned
     * over positions as the sentence scope is.
     */
    private SharedIntervalsSource sentences(Fields.Scope scope) throws QueryException {
        return sharedNode(scope + "(SENTENCES)", () -> {
            IntervalsSource source = Intervals.or(
                    Intervals.notContaining(Intervals.ordered(EVEN_SENTENCE, EVEN_SENTENCE), ODD_SENTENCE),
                    Intervals.notContaining(Intervals.ordered(ODD_SENTENCE, ODD_SENTENCE), EVEN_SENTENCE));
            PositionEvaluator.Plan plan = new PositionEvaluator.AnyOf(List.of(
                    new PositionEvaluator.NotContaining(new PositionEvaluator.Repeated(EVEN_MARKS, Integer.MAX_VALUE), ODD_MARKS),
                    new PositionEvaluator.NotContaining(new PositionEvaluator.Repeated(ODD_MARKS, Integer.MAX_VALUE), EVEN_MARKS)));
            return SharedIntervalsSource.of(source, scope.stemmed(), positionPlans ? plan : null);
        });
    }

    private static String renderAll(List<QueryNode> nodes) {
        return nodes.stream().map(QueryNode::render).collect(Collectors.joining(" "));
    }

    private static Query anyOf(List<Query> queries) {
        if (queries.size() == 1) {
            return queries.getFirst();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Query q : queries) {
            any.add(q, Occur.SHOULD);
        }
        return any.build();
    }

    private static Query words(List<Token> tokens, String field, QueryNode node, String noWords) throws QueryException {
        if (tokens.isEmpty()) {
            throw new QueryException(noWords, node.offset());
        }
        if (tokens.size() == 1) {
            return new TermQuery(new Term(field, tokens.getFirst().text()));
        }
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        for (Token token : tokens) {
            phrase.add(new Term(field, token.text()), token.position());
        }
        return phrase.build();
    }

    // ---------------------------------------------------------------- interval level

    /**
     * The interval source of a node, built once per compiler: every node (a word, an alias group,
     * a wildcard, a whole {@code NEAR}) is keyed by its scope and rendering, so all rules that use
     * the same expression share one {@link SharedIntervalsSource}, which is evaluated at most once
     * per document.
     */
    private IntervalsSource intervals(QueryNode node, Fields.Scope scope) throws QueryException {
        return shared(node, scope);
    }

    private SharedIntervalsSource shared(QueryNode node, Fields.Scope scope) throws QueryException {
        return sharedNode(scope + node.render(), () -> {
            Built built = build(node, scope);
            return SharedIntervalsSource.of(built.source(), scope.stemmed(), positionPlans ? built.plan() : null);
        });
    }

    /** Makes a node's shared source; may compile other nodes (which is why the map's computeIfAbsent cannot be used). */
    @FunctionalInterface
    private interface NodeMaker {
        SharedIntervalsSource make() throws QueryException;
    }

    /**
     * The source kept under {@code key}, made by {@code maker} the first time; when two threads make it at once, the
     * first one stored wins, so every rule shares one source per key.
     */
    private SharedIntervalsSource sharedNode(String key, NodeMaker maker) throws QueryException {
        SharedIntervalsSource known = shared.get(key);
        if (known != null) {
            return known;
        }
        SharedIntervalsSource made = maker.make();
        SharedIntervalsSource raced = shared.putIfAbsent(key, made);
        return raced == null ? made : raced;
    }

    /**
     * A node's Lucene interval source and, where {@link PositionEvaluator} can give exactly the
     * same intervals, the plan to evaluate it by over the document's positions (null: Lucene
     * evaluates it, as it does any node kind this method does not plan).
     */
    private record Built(IntervalsSource source, PositionEvaluator.Plan plan) {}

    private Built build(QueryNode node, Fields.Scope scope) throws QueryException {
        return switch (node) {
            case QueryNode.Term t -> wordIntervals(analyze(NewsAnalyzer.stemmed(), scope.stemmed(), t.text()), scope.stemmed(), t,
                    "\"" + t.text() + "\" has no words to search for; remove it");
            case Phrase p -> {
                Built words = wordIntervals(analyze(NewsAnalyzer.unstemmed(), scope.unstemmed(), p.text()), scope.unstemmed(), p,
                        "empty phrase \"" + p.text() + "\": put words to look for between the quotes");
                yield new Built(Intervals.fixField(scope.unstemmed(), words.source()), words.plan());
            }
            case Wildcard w -> {
                String prefix = wildcardPrefix(w);
                yield new Built(Intervals.fixField(scope.unstemmed(), new PrefixIntervalsSource(new BytesRef(prefix), MAX_WILDCARD_EXPANSIONS)),
                        new PositionEvaluator.Prefix(scope.unstemmed(), new BytesRef(prefix), MAX_WILDCARD_EXPANSIONS));
            }
            case Alias a -> aliasIntervals(a, scope);
            case Or o -> {
                List<Built> any = new ArrayList<>();
                for (QueryNode operand : o.operands()) {
                    SharedIntervalsSource side = shared(operand, scope);
                    any.add(new Built(side, new PositionEvaluator.Shared(side)));
                }
                yield anyOfIntervals(any);
            }
            case Near n -> {
                SharedIntervalsSource left = shared(n.left(), scope);
                SharedIntervalsSource right = shared(n.right(), scope);
                // Two ordered halves rather than Intervals.unordered, which lets the sides overlap:
                // "deploy* NEAR/3 deployed" must not be satisfied by the single word "deployed".
                IntervalsSource source = Intervals.or(
                        Intervals.maxgaps(n.maxWords(), Intervals.ordered(left, right)),
                        Intervals.maxgaps(n.maxWords(), Intervals.ordered(right, left)));
                // Equal sides make Lucene repeat one side instead of ordering two (in both halves).
                yield new Built(source, new PositionEvaluator.AnyOf(List.of(
                        ordered(left, right, n.maxWords()), ordered(right, left, n.maxWords()))));
            }
            case Before b -> {
                SharedIntervalsSource left = shared(b.left(), scope);
                SharedIntervalsSource right = shared(b.right(), scope);
                yield new Built(Intervals.maxgaps(b.maxWords(), Intervals.ordered(left, right)), ordered(left, right, b.maxWords()));
            }
            case SameSentence s -> {
                // Shared sides, as for NEAR: Lucene does not pull a shared side's alternatives up into
                // the pairs (which would multiply the clauses) and reports their minimal intervals.
                SharedIntervalsSource left = shared(s.left(), scope);
                SharedIntervalsSource right = shared(s.right(), scope);
                // Ordered halves as for NEAR (the two sides must be different words), each a shared
                // node of its own: it is evaluated once per document, not once per sentence parity.
                List<SharedIntervalsSource> halves = s.ordered()
                        ? List.of(orderedPair(s.left(), s.right(), s.maxWords(), scope))
                        : List.of(orderedPair(s.left(), s.right(), s.maxWords(), scope), orderedPair(s.right(), s.left(), s.maxWords(), scope));
                IntervalsSource pairs = Intervals.or(halves.toArray(IntervalsSource[]::new));
                // An interval from one side to the other that holds both sentence parities spans two
                // sentences. Lucene pulls the halves up: or(notContaining(half, parity) per half and
                // parity), one flat disjunction, which the plan repeats.
                IntervalsSource source = Intervals.or(Intervals.notContaining(pairs, EVEN_SENTENCE), Intervals.notContaining(pairs, ODD_SENTENCE));
                List<PositionEvaluator.Plan> alternatives = new ArrayList<>();
                for (PositionEvaluator.Plan parity : List.of(EVEN_MARKS, ODD_MARKS)) {
                    for (SharedIntervalsSource half : halves) {
                        alternatives.add(new PositionEvaluator.NotContaining(new PositionEvaluator.Shared(half), parity));
                    }
                }
                // Equal sides: each half is a repeat of the side (see ordered), and the two halves of
                // an unordered scope are one node, which the disjunction yields once.
                yield new Built(source, new PositionEvaluator.AnyOf(List.copyOf(alternatives)));
            }
            // validate() keeps these out of NEAR/BEFORE; reached only if it is bypassed.
            case Not n -> throw new QueryException("NEAR and BEFORE cannot take NOT as a side", n.offset());
            case And a -> throw new QueryException("NEAR and BEFORE cannot take an AND group as a side", a.offset());
            case FieldScope f -> throw new QueryException(f.field() + ": cannot cover just one side of NEAR or BEFORE", f.offset());
        };
    }

    /**
     * {@code first} then {@code second} within {@code maxWords} words (0: any distance), the half
     * of a sentence-scoped node, shared like any node: a {@code BEFORE/n} of the same sides in
     * another rule is the same node.
     */
    private SharedIntervalsSource orderedPair(QueryNode first, QueryNode second, int maxWords, Fields.Scope scope) throws QueryException {
        if (maxWords > 0) {
            return shared(new Before(first, second, maxWords, first.offset()), scope);
        }
        return sharedNode(scope + "(ORDERED " + first.render() + " " + second.render() + ")", () -> {
            SharedIntervalsSource left = shared(first, scope);
            SharedIntervalsSource right = shared(second, scope);
            return SharedIntervalsSource.of(Intervals.ordered(left, right), scope.stemmed(),
                    positionPlans ? ordered(left, right, Integer.MAX_VALUE) : null);
        });
    }

    /**
     * {@code first} then {@code second} with at most {@code maxGaps} gaps; of a side with itself,
     * Lucene's repeat of the side ({@code Intervals.ordered} turns equal neighbours into one).
     */
    private static PositionEvaluator.Plan ordered(SharedIntervalsSource first, SharedIntervalsSource second, int maxGaps) {
        if (first.equals(second)) {
            return new PositionEvaluator.Repeated(new PositionEvaluator.Shared(first), maxGaps);
        }
        return new PositionEvaluator.Ordered(List.of(new PositionEvaluator.Shared(first), new PositionEvaluator.Shared(second)), maxGaps);
    }

    /**
     * Lucene's disjunction of the sources; its plan is the one source's plan where Lucene keeps a
     * single source (one alternative, or all equal), else the disjunction of all plans (or none if
     * an alternative has none).
     */
    private static Built anyOfIntervals(List<Built> alternatives) {
        IntervalsSource source = Intervals.or(alternatives.stream().map(Built::source).toList());
        for (Built alternative : alternatives) {
            if (alternative.source() == source) {
                return alternative;
            }
        }
        List<PositionEvaluator.Plan> plans = new ArrayList<>();
        for (Built alternative : alternatives) {
            if (alternative.plan() == null) {
                return new Built(source, null);
            }
            plans.add(alternative.plan());
        }
        return new Built(source, new PositionEvaluator.AnyOf(List.copyOf(plans)));
    }

    /**
     * An alias group inside NEAR/BEFORE. Entries that are one word (a stemmed word, or a quoted
     * word matched as written) are gathered into one {@link WordSetIntervalsSource} per field,
     * which Lucene's clause limit counts once rather than once per word; phrases and wildcards
     * stay one source each. The group matches exactly the words and positions it did as a plain
     * disjunction of its entries.
     */
    private Built aliasIntervals(Alias alias, Fields.Scope scope) throws QueryException {
        List<Built> entries = new ArrayList<>();
        SortedSet<String> stemmedWords = new TreeSet<>();
        SortedSet<String> exactWords = new TreeSet<>();
        for (QueryNode entry : aliasEntries(alias)) {
            List<Token> tokens = switch (entry) {
                case QueryNode.Term t -> analyze(NewsAnalyzer.stemmed(), scope.stemmed(), t.text());
                case Phrase p -> analyze(NewsAnalyzer.unstemmed(), scope.unstemmed(), p.text());
                default -> List.of();
            };
            if (tokens.size() == 1 && entry instanceof QueryNode.Term) {
                stemmedWords.add(tokens.getFirst().text());
            } else if (tokens.size() == 1 && entry instanceof Phrase) {
                exactWords.add(tokens.getFirst().text());
            } else {
                SharedIntervalsSource shared = shared(entry, scope); // phrases, wildcards; an entry without words fails here
                entries.add(new Built(shared, new PositionEvaluator.Shared(shared)));
            }
        }
        if (!stemmedWords.isEmpty()) {
            entries.add(new Built(WordSetIntervalsSource.of(stemmedWords), wordsPlan(scope.stemmed(), stemmedWords)));
        }
        if (!exactWords.isEmpty()) {
            entries.add(new Built(Intervals.fixField(scope.unstemmed(), WordSetIntervalsSource.of(exactWords)),
                    wordsPlan(scope.unstemmed(), exactWords)));
        }
        return anyOfIntervals(entries);
    }

    private static PositionEvaluator.Plan wordsPlan(String field, Collection<String> words) {
        return new PositionEvaluator.Words(field, words.stream().map(BytesRef::new).toArray(BytesRef[]::new));
    }

    private static Built wordIntervals(List<Token> tokens, String field, QueryNode node, String noWords) throws QueryException {
        IntervalsSource source = intervalWords(tokens, node, noWords);
        BytesRef[] words = tokens.stream().map(t -> new BytesRef(t.text())).toArray(BytesRef[]::new);
        return new Built(source, words.length == 1
                ? new PositionEvaluator.Words(field, words)
                : new PositionEvaluator.Phrase(field, words));
    }

    /** The first and last words of the first, third, ... sentences ({@link Fields#SENTENCES}). */
    static final IntervalsSource EVEN_SENTENCE = Intervals.fixField(Fields.SENTENCES, Intervals.term(SentenceMarksTokenizer.EVEN));
    /** The first and last words of the second, fourth, ... sentences. */
    static final IntervalsSource ODD_SENTENCE = Intervals.fixField(Fields.SENTENCES, Intervals.term(SentenceMarksTokenizer.ODD));

    /** {@link #EVEN_SENTENCE} read over the document's positions. */
    private static final PositionEvaluator.Plan EVEN_MARKS = new PositionEvaluator.Words(Fields.SENTENCES,
            new BytesRef[] {new BytesRef(SentenceMarksTokenizer.EVEN)});
    /** {@link #ODD_SENTENCE} read over the document's positions. */
    private static final PositionEvaluator.Plan ODD_MARKS = new PositionEvaluator.Words(Fields.SENTENCES,
            new BytesRef[] {new BytesRef(SentenceMarksTokenizer.ODD)});

    private static IntervalsSource intervalWords(List<Token> tokens, QueryNode node, String noWords) throws QueryException {
        if (tokens.isEmpty()) {
            throw new QueryException(noWords, node.offset());
        }
        if (tokens.size() == 1) {
            return Intervals.term(tokens.getFirst().text());
        }
        return Intervals.phrase(tokens.stream().map(Token::text).toArray(String[]::new));
    }

    // ---------------------------------------------------------------- aliases and words

    private List<QueryNode> aliasEntries(Alias alias) throws QueryException {
        List<String> entries = aliases.get(alias.name()).orElseThrow(() -> unknownAlias(alias));
        if (entries.isEmpty()) {
            throw new QueryException("alias @" + alias.name() + " has no entries; add words to it in rules/_aliases.yml", alias.offset());
        }
        List<QueryNode> nodes = new ArrayList<>(entries.size());
        for (String entry : entries) {
            nodes.add(aliasEntry(alias, entry));
        }
        return nodes;
    }

    private static QueryNode aliasEntry(Alias alias, String raw) throws QueryException {
        String entry = raw == null ? "" : raw.strip();
        String where = "alias @" + alias.name() + " entry \"" + entry + "\"";
        if (entry.isEmpty()) {
            throw new QueryException("alias @" + alias.name() + " has an empty entry; remove it from rules/_aliases.yml", alias.offset());
        }
        if (entry.length() >= 2 && entry.startsWith("\"") && entry.endsWith("\"")) {
            String inner = entry.substring(1, entry.length() - 1);
            if (inner.indexOf('"') >= 0 || inner.indexOf('*') >= 0) {
                throw new QueryException(where + ": a quoted entry is an exact phrase and cannot contain \" or *", alias.offset());
            }
            return new Phrase(inner, alias.offset());
        }
        if (entry.indexOf('"') >= 0) {
            throw new QueryException(where + ": quotes must enclose the whole entry, as in \"north korea\"", alias.offset());
        }
        if (entry.startsWith("@")) {
            throw new QueryException(where + ": an alias cannot refer to another alias; list the words instead", alias.offset());
        }
        int star = entry.indexOf('*');
        if (star >= 0) {
            String prefix = entry.substring(0, star);
            if (star != entry.length() - 1 || prefix.chars().anyMatch(Character::isWhitespace)) {
                throw new QueryException(where + ": only a single word may end in *, as in pyongyang*", alias.offset());
            }
            if (prefix.codePoints().filter(Character::isLetterOrDigit).count() < QueryParser.MIN_WILDCARD_PREFIX) {
                throw new QueryException(where + ": put at least " + QueryParser.MIN_WILDCARD_PREFIX + " letters before the *", alias.offset());
            }
            return new Wildcard(prefix, alias.offset());
        }
        return new QueryNode.Term(entry, alias.offset());
    }

    private QueryException unknownAlias(Alias alias) {
        if (aliases.groups().isEmpty()) {
            return new QueryException("unknown alias @" + alias.name() + "; no aliases are defined (they live in rules/_aliases.yml)", alias.offset());
        }
        List<String> names = aliases.groups().keySet().stream().sorted().toList();
        String wanted = alias.name().toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, wanted.length() / 4));
        Optional<String> closest = names.stream()
                .filter(name -> RuleFileParser.editDistance(name.toLowerCase(Locale.ROOT), wanted) <= allowed)
                .min(Comparator.comparingInt((String name) -> RuleFileParser.editDistance(name.toLowerCase(Locale.ROOT), wanted))
                        .thenComparing(name -> name));
        if (closest.isPresent()) {
            return new QueryException("unknown alias @" + alias.name() + "; did you mean @" + closest.get() + "?", alias.offset());
        }
        String listed = names.stream().limit(MAX_ALIASES_LISTED).collect(Collectors.joining(", "));
        if (names.size() > MAX_ALIASES_LISTED) {
            listed += " and " + (names.size() - MAX_ALIASES_LISTED) + " more";
        }
        return new QueryException("unknown alias @" + alias.name() + "; known aliases: " + listed, alias.offset());
    }

    /** The wildcard's prefix as the unstemmed field holds it: one word, lower case, accents folded. */
    private static String wildcardPrefix(Wildcard w) throws QueryException {
        List<Token> tokens = analyze(NewsAnalyzer.unstemmed(), Fields.TEXT_UNSTEMMED, w.prefix());
        if (tokens.size() != 1) {
            throw new QueryException("wildcard " + w.prefix() + "*: the part before * must be a single word, as in deploy*", w.offset());
        }
        return tokens.getFirst().text();
    }

    private record Token(String text, int position) {}

    private static List<Token> analyze(NewsAnalyzer analyzer, String field, String text) {
        List<Token> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                if (term.length() > 0) {
                    tokens.add(new Token(term.toString(), position));
                }
            }
            stream.end();
        } catch (IOException e) {
            // Analysis reads a String; an IOException here would be a Lucene bug, not bad input.
            throw new UncheckedIOException("analyzing \"" + text + "\" failed", e);
        }
        if (!tokens.isEmpty() && tokens.getFirst().position() != 0) {
            int first = tokens.getFirst().position();
            tokens.replaceAll(t -> new Token(t.text(), t.position() - first));
        }
        return tokens;
    }
}
