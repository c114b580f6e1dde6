package io.newswatch.matching.legacy;

import io.newswatch.matching.Fields;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.NewsAnalyzer;
import io.newswatch.matching.Snippet;

import io.newswatch.rules.Aliases;
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
import io.newswatch.rules.query.QueryNode.Wildcard;
import io.newswatch.rules.query.QueryParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.TreeMap;
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
public final class LegacyRuleCompiler {
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
     * Interval sources of aliases and wildcards, built once per compiler and shared by every rule
     * that uses them: each wildcard is an automaton, and a large rule set repeats the same alias
     * groups thousands of times. Interval sources are immutable, so sharing them is safe.
     */
    private final Map<String, IntervalsSource> shared = new ConcurrentHashMap<>();

    public LegacyRuleCompiler(Aliases aliases) {
        this.aliases = aliases == null ? Aliases.NONE : aliases;
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

    // ---------------------------------------------------------------- boolean level

    private Query toQuery(QueryNode node, Fields.Scope scope) throws QueryException {
        return toQuery(node, scope, List.of());
    }

    /**
     * {@code vetoes}: operands of {@code NOT/S} clauses above (added with NOT/S, not part of the
     * frozen engine's history): each NEAR/BEFORE below keeps the intervals that lie in no sentence
     * holding one of them, built here without shared sources, the sentences spelled out from the marks.
     */
    private Query toQuery(QueryNode node, Fields.Scope scope, List<QueryNode> vetoes) throws QueryException {
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
                List<QueryNode> all = new ArrayList<>(vetoes);
                for (QueryNode operand : a.operands()) {
                    if (operand instanceof Not n && n.sentence()) {
                        all.add(n.operand());
                    }
                }
                BooleanQuery.Builder conjunction = new BooleanQuery.Builder();
                addConjunct(a, scope, conjunction, all);
                yield conjunction.build();
            }
            case Or o -> {
                List<Query> any = new ArrayList<>();
                for (QueryNode operand : o.operands()) {
                    any.add(toQuery(operand, scope, vetoes));
                }
                yield anyOf(any);
            }
            case Near n -> new IntervalQuery(scope.stemmed(), vetoed(intervals(n, scope), vetoes, scope));
            case Before b -> new IntervalQuery(scope.stemmed(), vetoed(intervals(b, scope), vetoes, scope));
            case QueryNode.SameSentence s -> new IntervalQuery(scope.stemmed(), vetoed(intervals(s, scope), vetoes, scope));
            // validate() admits NOT only as a clause of an AND, which addConjunct handles.
            case Not n -> throw new QueryException("NOT must be combined with something to look for, as in troops NOT exercise", n.offset());
        };
    }

    /** Flattens nested ANDs (also through title: scopes) so every NOT lands beside the positive clauses. */
    private void addConjunct(QueryNode node, Fields.Scope scope, BooleanQuery.Builder into, List<QueryNode> vetoes) throws QueryException {
        switch (node) {
            case And a -> {
                for (QueryNode operand : a.operands()) {
                    addConjunct(operand, scope, into, vetoes);
                }
            }
            case FieldScope f -> addConjunct(f.query(), Fields.Scope.named(f.field()), into, f.query() instanceof And inner
                    ? inner.operands().stream().filter(o -> o instanceof Not n && n.sentence()).map(o -> ((Not) o).operand()).toList()
                    : List.of());
            case Not n when n.sentence() -> { }
            case Not n -> into.add(toQuery(n.operand(), scope), Occur.MUST_NOT);
            default -> into.add(toQuery(node, scope, vetoes), Occur.MUST);
        }
    }

    private IntervalsSource vetoed(IntervalsSource kept, List<QueryNode> vetoes, Fields.Scope scope) throws QueryException {
        if (vetoes.isEmpty()) {
            return kept;
        }
        List<IntervalsSource> words = new ArrayList<>();
        for (QueryNode veto : vetoes) {
            words.add(intervals(veto, scope));
        }
        IntervalsSource even = Intervals.fixField(Fields.SENTENCES, Intervals.term("even"));
        IntervalsSource odd = Intervals.fixField(Fields.SENTENCES, Intervals.term("odd"));
        IntervalsSource sentences = Intervals.or(Intervals.notContaining(Intervals.ordered(even, even), odd),
                Intervals.notContaining(Intervals.ordered(odd, odd), even));
        return Intervals.notContainedBy(kept, Intervals.containing(sentences, Intervals.or(words.toArray(IntervalsSource[]::new))));
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

    private IntervalsSource intervals(QueryNode node, Fields.Scope scope) throws QueryException {
        return switch (node) {
            case QueryNode.Term t -> intervalWords(analyze(NewsAnalyzer.stemmed(), scope.stemmed(), t.text()), t,
                    "\"" + t.text() + "\" has no words to search for; remove it");
            case Phrase p -> Intervals.fixField(scope.unstemmed(), intervalWords(
                    analyze(NewsAnalyzer.unstemmed(), scope.unstemmed(), p.text()), p,
                    "empty phrase \"" + p.text() + "\": put words to look for between the quotes"));
            case Wildcard w -> {
                String prefix = wildcardPrefix(w);
                yield shared.computeIfAbsent(scope + "*" + prefix, key -> Intervals.fixField(scope.unstemmed(),
                        Intervals.prefix(new BytesRef(prefix), MAX_WILDCARD_EXPANSIONS)));
            }
            case Alias a -> {
                IntervalsSource known = shared.get(scope + "@" + a.name());
                if (known != null) {
                    yield known;
                }
                List<IntervalsSource> entries = new ArrayList<>();
                for (QueryNode entry : aliasEntries(a)) {
                    entries.add(intervals(entry, scope));
                }
                IntervalsSource source = Intervals.or(entries);
                shared.putIfAbsent(scope + "@" + a.name(), source);
                yield source;
            }
            case Or o -> {
                List<IntervalsSource> any = new ArrayList<>();
                for (QueryNode operand : o.operands()) {
                    any.add(intervals(operand, scope));
                }
                yield Intervals.or(any);
            }
            case Near n -> {
                IntervalsSource left = intervals(n.left(), scope);
                IntervalsSource right = intervals(n.right(), scope);
                // Two ordered halves rather than Intervals.unordered, which lets the sides overlap:
                // "deploy* NEAR/3 deployed" must not be satisfied by the single word "deployed".
                yield Intervals.or(
                        Intervals.maxgaps(n.maxWords(), Intervals.ordered(left, right)),
                        Intervals.maxgaps(n.maxWords(), Intervals.ordered(right, left)));
            }
            case Before b -> Intervals.maxgaps(b.maxWords(), Intervals.ordered(intervals(b.left(), scope), intervals(b.right(), scope)));
            case QueryNode.SameSentence s -> {
                // Added with the sentence scope (not part of the frozen engine's history): the same
                // meaning as RuleCompiler's, built without shared sources but with each side kept whole.
                IntervalsSource left = new WholeSide(intervals(s.left(), scope)).source();
                IntervalsSource right = new WholeSide(intervals(s.right(), scope)).source();
                IntervalsSource forward = Intervals.ordered(left, right);
                IntervalsSource backward = Intervals.ordered(right, left);
                if (s.maxWords() > 0) {
                    forward = Intervals.maxgaps(s.maxWords(), forward);
                    backward = Intervals.maxgaps(s.maxWords(), backward);
                }
                IntervalsSource pairs = s.ordered() ? forward : Intervals.or(forward, backward);
                yield Intervals.or(Intervals.notContaining(pairs, Intervals.fixField(Fields.SENTENCES, Intervals.term("even"))),
                        Intervals.notContaining(pairs, Intervals.fixField(Fields.SENTENCES, Intervals.term("odd"))));
            }
            // validate() keeps these out of NEAR/BEFORE; reached only if it is bypassed.
            case Not n -> throw new QueryException("NEAR and BEFORE cannot take NOT as a side", n.offset());
            case And a -> throw new QueryException("NEAR and BEFORE cannot take an AND group as a side", a.offset());
            case FieldScope f -> throw new QueryException(f.field() + ": cannot cover just one side of NEAR or BEFORE", f.offset());
        };
    }

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
