package io.newswatch.rules.query;

import io.newswatch.rules.query.QueryNode.Alias;
import io.newswatch.rules.query.QueryNode.And;
import io.newswatch.rules.query.QueryNode.Before;
import io.newswatch.rules.query.QueryNode.FieldScope;
import io.newswatch.rules.query.QueryNode.Near;
import io.newswatch.rules.query.QueryNode.Not;
import io.newswatch.rules.query.QueryNode.Or;
import io.newswatch.rules.query.QueryNode.Phrase;
import io.newswatch.rules.query.QueryNode.SameSentence;
import io.newswatch.rules.query.QueryNode.Term;
import io.newswatch.rules.query.QueryNode.Wildcard;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the rule query language (see {@code docs/rules.md}, "Query language") into a
 * {@link QueryNode} tree.
 *
 * <p>Precedence, tightest first: {@code NOT}, {@code NEAR/n} and {@code BEFORE/n}, {@code AND}
 * (also written as a plain space between two clauses), {@code OR}. Operators are recognised in
 * upper case only, so {@code and}, {@code or}, {@code not} and {@code near} are ordinary words.
 *
 * <p>Besides syntax, the parser rejects queries that would quietly mean something the author did
 * not intend: a query with only {@code NOT} clauses or a {@code NOT} inside {@code OR} (both
 * match nearly every document), {@code NOT NOT}, and sides of {@code NEAR}/{@code BEFORE} that
 * have no position in the text ({@code NOT}, an {@code AND} group, a {@code title:} scope on one
 * side only). Alias names and the words themselves are checked by the compiler, which knows the
 * aliases and the text analysis.
 *
 * <p>Safe by construction: a query longer than {@link #MAX_LENGTH} characters, with more than
 * {@link #MAX_OPERANDS} words, phrases, wildcards and aliases, nested (groups, {@code NOT},
 * {@code title:}, chained {@code NEAR}/{@code BEFORE}) more than {@link #MAX_DEPTH} levels deep, or
 * with {@code NOT NOT} is refused with an error at the offending column before the tree gets any
 * deeper. So the recursion here, in {@link #validate} and in the compiler is bounded by
 * {@code MAX_DEPTH} whatever the input, and no query can exhaust the stack.
 */
public final class QueryParser {

    /** Field scopes a query may name; {@code title:} is the only one (the default scope is title and body together). */
    public static final Set<String> FIELDS = Set.of("title");

    /** Largest NEAR/BEFORE distance: beyond it, "near" stops meaning anything in a news article. */
    public static final int MAX_DISTANCE = 1000;

    /** Fewest letters or digits before a trailing {@code *}, so a wildcard cannot stand for most of the vocabulary. */
    public static final int MIN_WILDCARD_PREFIX = 3;

    /** Most characters in one query; the longest real rules are a few hundred (a rule file is at most 1 MiB). */
    public static final int MAX_LENGTH = 100_000;

    /** Most words, phrases, wildcards and aliases in one query. */
    public static final int MAX_OPERANDS = 1_000;

    /**
     * Deepest nesting: each group in parentheses, {@code NOT}, {@code title:} and each further
     * {@code NEAR}/{@code BEFORE} in a chain is one level. Real rules use fewer than ten.
     */
    public static final int MAX_DEPTH = 32;

    private static final String OPERAND = "a term, phrase or \"(\"";
    private static final String BAD_CHARS = "~^?[]{}\\";

    private final String query;
    private final List<Token> tokens;
    private int next;
    private int depth;
    private int operands;

    private QueryParser(String query, List<Token> tokens) {
        this.query = query;
        this.tokens = tokens;
    }

    /** Parses and checks a query; the result is ready for the compiler. */
    public static QueryNode parse(String query) throws QueryException {
        if (query == null || query.isBlank()) {
            throw new QueryException("the query is empty; write at least one word to look for, as in troops", 0);
        }
        if (query.length() > MAX_LENGTH) {
            throw new QueryException("the query is " + query.length() + " characters long, more than the " + MAX_LENGTH
                    + " allowed; split it into several rules, or move long word lists into an alias group in rules/_aliases.yml",
                    MAX_LENGTH);
        }
        QueryParser parser = new QueryParser(query, new Lexer(query).tokens());
        QueryNode root = parser.parseQuery();
        validate(root);
        return root;
    }

    // ---------------------------------------------------------------- grammar

    private QueryNode parseQuery() throws QueryException {
        QueryNode root = parseOr();
        Token extra = peek();
        if (extra.kind() == Kind.RPAREN) {
            throw new QueryException("unbalanced parenthesis: this \")\" has no matching \"(\"; remove it or add a \"(\" before it", extra.offset());
        }
        if (extra.kind() != Kind.EOF) {
            // Every other token either starts an operand (taken by the AND loop) or is an operator
            // handled above; kept as a guard so a grammar change cannot silently drop input.
            throw new QueryException("unexpected " + extra.describe(), extra.offset());
        }
        return root;
    }

    private QueryNode parseOr() throws QueryException {
        QueryNode first = parseAnd();
        if (peek().kind() != Kind.OR) {
            return first;
        }
        List<QueryNode> operands = new ArrayList<>();
        addFlattened(operands, first, Or.class);
        while (peek().kind() == Kind.OR) {
            Token or = take();
            requireOperand(or);
            addFlattened(operands, parseAnd(), Or.class);
        }
        return new Or(operands, first.offset());
    }

    private QueryNode parseAnd() throws QueryException {
        QueryNode first = parseProximity();
        List<QueryNode> operands = null;
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.AND) {
                take();
                requireOperand(t);
            } else if (!t.startsOperand()) {
                break;
            }
            if (operands == null) {
                operands = new ArrayList<>();
                addFlattened(operands, first, And.class);
            }
            addFlattened(operands, parseProximity(), And.class);
        }
        return operands == null ? first : new And(operands, first.offset());
    }

    private QueryNode parseProximity() throws QueryException {
        QueryNode left = parseUnary();
        int chain = 0;
        while (peek().kind() == Kind.NEAR || peek().kind() == Kind.BEFORE) {
            Token op = take();
            chain++;
            if (++depth > MAX_DEPTH) {
                throw new QueryException(op.text() + " at column " + (op.offset() + 1) + " nests the query more than "
                        + MAX_DEPTH + " levels deep (each group in parentheses, NOT, title: and each further NEAR/BEFORE "
                        + "of a chain is a level); split a long NEAR/BEFORE chain into shorter ones joined by AND", op.offset());
            }
            requireOperand(op);
            QueryNode right = parseUnary();
            if (op.sentence()) {
                left = new SameSentence(left, right, op.kind() == Kind.BEFORE, op.distance(), left.offset());
            } else {
                left = op.kind() == Kind.NEAR
                        ? new Near(left, right, op.distance(), left.offset())
                        : new Before(left, right, op.distance(), left.offset());
            }
        }
        depth -= chain;
        return left;
    }

    private QueryNode parseUnary() throws QueryException {
        Token t = peek();
        if (t.kind() == Kind.NOT) {
            take();
            requireOperand(t);
            if (peek().kind() == Kind.NOT) {
                // Refused here, before recursing: thousands of NOT in a row must not nest the tree.
                throw new QueryException("NOT NOT cancels out; remove both", peek().offset());
            }
            enter(t);
            QueryNode operand = parseUnary();
            depth--;
            return new Not(operand, t.sentence(), t.offset());
        }
        return parsePrimary();
    }

    private QueryNode parsePrimary() throws QueryException {
        Token t = take();
        if (t.kind() == Kind.TERM || t.kind() == Kind.PHRASE || t.kind() == Kind.WILDCARD || t.kind() == Kind.ALIAS) {
            if (++operands > MAX_OPERANDS) {
                throw new QueryException("the query has more than " + MAX_OPERANDS + " words, phrases, wildcards and aliases; "
                        + "split it into several rules, or move long word lists into an alias group in rules/_aliases.yml", t.offset());
            }
        }
        return switch (t.kind()) {
            case TERM -> new Term(t.text(), t.offset());
            case PHRASE -> new Phrase(t.text(), t.offset());
            case WILDCARD -> new Wildcard(t.text(), t.offset());
            case ALIAS -> new QueryNode.Alias(t.text(), t.offset());
            case LPAREN -> {
                enter(t);
                if (peek().kind() == Kind.RPAREN) {
                    throw new QueryException("empty parentheses; put something to search for inside them or remove them", t.offset());
                }
                QueryNode inner = parseOr();
                if (peek().kind() != Kind.RPAREN) {
                    throw new QueryException("unbalanced parenthesis: this \"(\" is never closed; add a \")\" where the group ends", t.offset());
                }
                take();
                depth--;
                yield inner;
            }
            case FIELD -> {
                Token target = peek();
                if (!target.startsPrimary()) {
                    throw new QueryException(t.text() + ": must be followed by a word, a \"phrase\" or a group in parentheses, as in "
                            + t.text() + ":(troops OR soldiers); found " + target.describe(), target.kind() == Kind.EOF ? t.offset() : target.offset());
                }
                enter(t);
                QueryNode scoped = parsePrimary();
                depth--;
                yield new FieldScope(t.text(), scoped, t.offset());
            }
            case RPAREN -> throw new QueryException("unbalanced parenthesis: this \")\" has no matching \"(\"; remove it or add a \"(\" before it", t.offset());
            case AND, OR, NEAR, BEFORE -> throw new QueryException(t.text() + " needs " + OPERAND + " before it", t.offset());
            // NOT and EOF never reach here: parseUnary takes NOT, and requireOperand stops at EOF.
            case NOT, EOF -> throw new QueryException("expected " + OPERAND + ", found " + t.describe(), t.offset());
        };
    }

    /** One level deeper (a group, NOT, a field scope); refuses to go past {@link #MAX_DEPTH}. */
    private void enter(Token at) throws QueryException {
        if (++depth > MAX_DEPTH) {
            throw new QueryException("the query is nested more than " + MAX_DEPTH + " levels deep at column " + (at.offset() + 1)
                    + " (each group in parentheses, NOT, title: and chained NEAR/BEFORE is a level); "
                    + "remove the extra parentheses or split the rule", at.offset());
        }
    }

    /** After an operator: the next token must start an operand; say which operator is left dangling. */
    private void requireOperand(Token operator) throws QueryException {
        Token t = peek();
        if (t.startsOperand()) {
            return;
        }
        if (t.kind() == Kind.EOF) {
            throw new QueryException("expected " + OPERAND + " after " + operator.text() + ", but the query ends there", operator.offset());
        }
        throw new QueryException("expected " + OPERAND + " after " + operator.text() + ", found " + t.describe(), t.offset());
    }

    private static void addFlattened(List<QueryNode> into, QueryNode node, Class<? extends QueryNode> kind) {
        if (kind.isInstance(node)) {
            into.addAll(node instanceof And a ? a.operands() : ((Or) node).operands());
        } else {
            into.add(node);
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.EOF) {
            next++;
        }
        return t;
    }

    // ---------------------------------------------------------------- meaning checks

    /**
     * Rejects trees that parse but would not do what their author meant. {@link #parse} calls
     * this; it is public so that trees built by hand go through the same checks before compiling.
     */
    public static void validate(QueryNode root) throws QueryException {
        checkDepth(root);
        check(root, Context.TOP);
    }

    /**
     * Tree depth without recursion, so a tree built by hand (not by {@link #parse}, which never
     * builds one this deep) is refused before the recursive checks and the compiler walk it.
     */
    private static void checkDepth(QueryNode root) throws QueryException {
        record Level(QueryNode node, int depth) {}
        ArrayDeque<Level> stack = new ArrayDeque<>();
        stack.push(new Level(root, 0));
        while (!stack.isEmpty()) {
            Level level = stack.pop();
            // A parsed tree has at most a few nodes (OR over AND over the nested node) per level.
            if (level.depth() > 4 * MAX_DEPTH) {
                throw new QueryException("the query is nested more than " + MAX_DEPTH + " levels deep; remove the extra "
                        + "parentheses or split the rule", level.node().offset());
            }
            List<QueryNode> children = switch (level.node()) {
                case Not n -> List.of(n.operand());
                case FieldScope f -> List.of(f.query());
                case And a -> a.operands();
                case Or o -> o.operands();
                case Near n -> List.of(n.left(), n.right());
                case Before b -> List.of(b.left(), b.right());
                case SameSentence s -> List.of(s.left(), s.right());
                default -> List.of();
            };
            for (QueryNode child : children) {
                stack.push(new Level(child, level.depth() + 1));
            }
        }
    }

    private enum Context { TOP, AND, OR, NOT, PROXIMITY }

    /** True for a node that can match a document containing none of its words: it excludes, never selects. */
    private static boolean isNegative(QueryNode node) {
        return switch (node) {
            case Not n -> true;
            case And a -> a.operands().stream().allMatch(QueryParser::isNegative);
            case FieldScope f -> isNegative(f.query());
            default -> false;
        };
    }

    private static void check(QueryNode node, Context context) throws QueryException {
        switch (node) {
            case Not n -> {
                QueryNode inner = n.sentence() ? null : sentenceNotIn(n.operand());
                if (inner != null) {
                    throw new QueryException("NOT/S cannot stand inside NOT: it vetoes matches of the clauses beside it, "
                            + "and under NOT there are none", inner.offset());
                }
                if (context == Context.PROXIMITY) {
                    throw new QueryException("NEAR and BEFORE cannot take NOT as a side; exclude separately, "
                            + "as in (troops NEAR/5 russia) NOT exercise", n.offset());
                }
                if (isNegative(n.operand())) {
                    throw doubleNegation(n.operand());
                }
                if (context == Context.TOP) {
                    throw onlyNot(n);
                }
                if (context == Context.OR) {
                    throw notInOr(n);
                }
                if (n.sentence()) {
                    checkSentenceVeto(n);
                } else {
                    check(n.operand(), Context.NOT);
                }
            }
            case And a -> {
                if (context == Context.PROXIMITY) {
                    throw new QueryException("NEAR and BEFORE cannot take an AND group as a side; a side is a word, "
                            + "a \"phrase\", a wildcard, an @alias, an OR group or another NEAR/BEFORE, "
                            + "as in (troops OR soldiers) NEAR/5 russia", a.offset());
                }
                if (isNegative(a) && context != Context.AND) {
                    // Under NOT the enclosing Not has already reported the double negation.
                    throw context == Context.TOP ? onlyNot(a) : notInOr(firstNot(a));
                }
                checkSentenceVetoTargets(a);
                for (QueryNode operand : a.operands()) {
                    check(operand, Context.AND);
                }
            }
            case Or o -> {
                for (QueryNode operand : o.operands()) {
                    if (isNegative(operand)) {
                        throw notInOr(firstNot(operand));
                    }
                    check(operand, context == Context.PROXIMITY ? Context.PROXIMITY : Context.OR);
                }
            }
            case Near n -> {
                check(n.left(), Context.PROXIMITY);
                check(n.right(), Context.PROXIMITY);
            }
            case Before b -> {
                check(b.left(), Context.PROXIMITY);
                check(b.right(), Context.PROXIMITY);
            }
            case SameSentence s -> {
                check(s.left(), Context.PROXIMITY);
                check(s.right(), Context.PROXIMITY);
            }
            case FieldScope f -> {
                if (context == Context.PROXIMITY) {
                    throw new QueryException(f.field() + ": cannot cover just one side of NEAR or BEFORE; "
                            + "put it around the whole expression, as in " + f.field() + ":(troops NEAR/5 russia)", f.offset());
                }
                check(f.query(), context);
            }
            case Term t -> { }
            case Phrase p -> { }
            case QueryNode.Wildcard w -> { }
            case Alias a -> { }
        }
    }

    /**
     * The operand of {@code NOT/S} is looked for inside one sentence, so it is what a side of NEAR
     * or BEFORE may be: a word, a phrase, a wildcard, an alias, an OR group or a NEAR/BEFORE.
     */
    private static void checkSentenceVeto(Not veto) throws QueryException {
        QueryNode operand = veto.operand();
        if (operand instanceof And || operand instanceof Not || operand instanceof FieldScope) {
            throw new QueryException("NOT/S takes a word, a \"phrase\", a wildcard, an @alias, an OR group or a NEAR/BEFORE, "
                    + "found in one sentence, as in (treaty NEAR/8S signed) NOT/S (vow* BEFORE/3 sign)", operand.offset());
        }
        check(operand, Context.PROXIMITY);
    }

    /**
     * {@code NOT/S} vetoes sentences of the matches of the positive clauses beside it, so every one
     * of them (through AND and OR groups) must be a NEAR/BEFORE, which has matches in a sentence; a
     * bare word or a title: scope has none to veto.
     */
    private static void checkSentenceVetoTargets(And and) throws QueryException {
        Not veto = null;
        for (QueryNode operand : and.operands()) {
            if (operand instanceof Not n && n.sentence()) {
                veto = n;
                break;
            }
        }
        if (veto == null) {
            return;
        }
        for (QueryNode operand : and.operands()) {
            if (!(operand instanceof Not)) {
                QueryNode unscoped = withoutProximity(operand);
                if (unscoped != null) {
                    throw new QueryException("NOT/S vetoes only matches of NEAR or BEFORE (it drops those in a sentence holding its "
                            + "words), and " + unscoped.render() + " is not one; put it inside a NEAR/BEFORE, or exclude with NOT",
                            unscoped.offset());
                }
            }
        }
    }

    /** The first {@code NOT/S} in {@code node}'s AND and OR groups, or null. */
    private static QueryNode sentenceNotIn(QueryNode node) {
        return switch (node) {
            case Not n -> n.sentence() ? n : null;
            case And a -> a.operands().stream().map(QueryParser::sentenceNotIn).filter(Objects::nonNull).findFirst().orElse(null);
            case Or o -> o.operands().stream().map(QueryParser::sentenceNotIn).filter(Objects::nonNull).findFirst().orElse(null);
            case FieldScope f -> sentenceNotIn(f.query());
            default -> null;
        };
    }

    /** The first positive clause under {@code node} that is not a NEAR/BEFORE, or null if there is none. */
    private static QueryNode withoutProximity(QueryNode node) {
        return switch (node) {
            case Near n -> null;
            case Before b -> null;
            case SameSentence s -> null;
            case Not n -> null;
            case And a -> a.operands().stream().map(QueryParser::withoutProximity).filter(Objects::nonNull).findFirst().orElse(null);
            case Or o -> o.operands().stream().map(QueryParser::withoutProximity).filter(Objects::nonNull).findFirst().orElse(null);
            default -> node; // a word, phrase, wildcard, alias, or a title: scope
        };
    }

    private static QueryException onlyNot(QueryNode root) {
        return new QueryException("the query has only NOT clauses, so it would match almost every document; "
                + "add something to look for, as in troops NOT exercise", root.offset());
    }

    private static QueryException doubleNegation(QueryNode negated) {
        if (negated instanceof Not) {
            return new QueryException("NOT NOT cancels out; remove both", negated.offset());
        }
        return new QueryException("NOT of a group that has only NOT clauses is a double negation; "
                + "rewrite it without NOT NOT", negated.offset());
    }

    private static QueryException notInOr(QueryNode not) {
        return new QueryException("NOT inside OR would match almost every document; join NOT to the rest with AND, "
                + "as in (troops OR soldiers) NOT exercise", not.offset());
    }

    private static QueryNode firstNot(QueryNode node) {
        return switch (node) {
            case Not n -> n;
            case And a -> firstNot(a.operands().getFirst());
            case FieldScope f -> firstNot(f.query());
            default -> node;
        };
    }

    // ---------------------------------------------------------------- tokens

    private enum Kind { TERM, PHRASE, WILDCARD, ALIAS, FIELD, LPAREN, RPAREN, AND, OR, NOT, NEAR, BEFORE, EOF }

    private record Token(Kind kind, String text, int offset, int distance, boolean sentence) {
        Token(Kind kind, String text, int offset, int distance) {
            this(kind, text, offset, distance, false);
        }

        boolean startsPrimary() {
            return switch (kind) {
                case TERM, PHRASE, WILDCARD, ALIAS, LPAREN, FIELD -> true;
                default -> false;
            };
        }

        boolean startsOperand() {
            return startsPrimary() || kind == Kind.NOT;
        }

        String describe() {
            return switch (kind) {
                case EOF -> "the end of the query";
                case PHRASE -> "\"" + text + "\"";
                case FIELD -> text + ":";
                case ALIAS -> "@" + text;
                case WILDCARD -> text + "*";
                case LPAREN, RPAREN -> "\"" + text + "\"";
                default -> text;
            };
        }
    }

    /** Splits the query into tokens; every lexical mistake is reported here with its exact offset. */
    private static final class Lexer {
        private final String q;
        private final List<Token> out = new ArrayList<>();

        Lexer(String q) {
            this.q = q;
        }

        List<Token> tokens() throws QueryException {
            int i = 0;
            int n = q.length();
            while (i < n) {
                char c = q.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(') {
                    out.add(new Token(Kind.LPAREN, "(", i, 0));
                    i++;
                } else if (c == ')') {
                    out.add(new Token(Kind.RPAREN, ")", i, 0));
                    i++;
                } else if (c == '"') {
                    i = phrase(i);
                } else {
                    int end = i;
                    while (end < n && !Character.isWhitespace(q.charAt(end)) && "()\"".indexOf(q.charAt(end)) < 0) {
                        end++;
                    }
                    word(q.substring(i, end), i);
                    i = end;
                }
            }
            out.add(new Token(Kind.EOF, "", q.length(), 0));
            return out;
        }

        private int phrase(int open) throws QueryException {
            int close = q.indexOf('"', open + 1);
            if (close < 0) {
                throw new QueryException("unterminated quote: this \" is never closed; add a closing \"", open);
            }
            String text = q.substring(open + 1, close);
            if (!hasLetterOrDigit(text)) {
                throw new QueryException("empty phrase: put the words to look for between the quotes, as in \"troops deployed\"", open);
            }
            int star = text.indexOf('*');
            if (star >= 0) {
                throw new QueryException("a * inside quotes is not a wildcard; quotes match exact words, so write the "
                        + "wildcard outside them, as in north korea*", open + 1 + star);
            }
            out.add(new Token(Kind.PHRASE, text, open, 0));
            return close + 1;
        }

        private void word(String w, int at) throws QueryException {
            switch (w) {
                case "AND", "OR", "NOT" -> {
                    out.add(new Token(Kind.valueOf(w), w, at, 0));
                    return;
                }
                case "NOT/S" -> {
                    out.add(new Token(Kind.NOT, w, at, 0, true));
                    return;
                }
                case "NEAR", "BEFORE" -> throw new QueryException(w + " needs a distance, as in " + w + "/5 (the most words allowed "
                        + "between the two sides); to search for the word itself, write it in lower case", at);
                default -> { }
            }
            if (w.startsWith("NEAR/") || w.startsWith("BEFORE/")) {
                proximity(w, at);
                return;
            }
            if (w.startsWith("NOT/")) {
                throw new QueryException(w.equalsIgnoreCase("NOT/S")
                        ? w + ": write the sentence scope in upper case, NOT/S (vetoes only the sentence it occurs in)"
                        : w + ": NOT takes no distance; write NOT x to exclude texts holding x, or NOT/S x to veto only "
                        + "matches in a sentence holding x", at);
            }
            if (w.startsWith("@")) {
                alias(w, at);
                return;
            }
            int colon = w.indexOf(':');
            if (colon > 0 && w.substring(0, colon).chars().allMatch(ch -> ch < 128 && Character.isLetter(ch))) {
                field(w, colon, at);
                return;
            }
            if ((w.startsWith("-") || w.startsWith("+")) && w.length() > 1 && Character.isLetterOrDigit(w.charAt(1))) {
                throw new QueryException(w.startsWith("-")
                        ? "a leading - does not exclude anything here; write NOT " + w.substring(1) + " to exclude it"
                        : "a leading + is not needed: every word is required unless joined by OR; write " + w.substring(1), at);
            }
            for (int k = 0; k < w.length(); k++) {
                if (BAD_CHARS.indexOf(w.charAt(k)) >= 0) {
                    throw new QueryException("\"" + w.charAt(k) + "\" has no meaning in this query language (the only wildcard is a "
                            + "trailing *); remove it, or put the text in quotes to search for its words", at + k);
                }
            }
            int star = w.indexOf('*');
            if (star >= 0) {
                wildcard(w, star, at);
                return;
            }
            if (!hasLetterOrDigit(w)) {
                throw new QueryException("\"" + w + "\" has no letters or digits to search for; remove it", at);
            }
            out.add(new Token(Kind.TERM, w, at, 0));
        }

        private void proximity(String w, int at) throws QueryException {
            int slash = w.indexOf('/');
            String op = w.substring(0, slash);
            String number = w.substring(slash + 1);
            boolean sentence = false;
            if (number.endsWith("S") || number.endsWith("s")) {
                if (number.endsWith("s")) {
                    throw new QueryException(w + ": write the sentence scope in upper case, as in " + op + "/S "
                            + "(both sides in one sentence)", at + slash + number.length());
                }
                sentence = true;
                number = number.substring(0, number.length() - 1);
                if (number.isEmpty()) {
                    out.add(new Token(Kind.valueOf(op), op + "/S", at, 0, true));
                    return;
                }
            } else if (number.chars().anyMatch(ch -> ch == 'S' || ch == 's')) {
                throw new QueryException(w + ": the sentence scope S comes last, after the distance, as in " + op + "/10S "
                        + "(at most 10 words between, in one sentence) or " + op + "/S (anywhere in one sentence)", at);
            }
            if (number.isEmpty()) {
                throw new QueryException(op + "/ is missing its distance: write the most words allowed between the two sides, as in "
                        + op + "/5", at);
            }
            if (!number.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new QueryException(w + ": the distance must be a whole number of words, as in " + op + "/5"
                        + (sentence ? "S" : ""), at);
            }
            int distance;
            try {
                distance = Integer.parseInt(number);
            } catch (NumberFormatException tooBig) {
                distance = Integer.MAX_VALUE;
            }
            if (distance < 1) {
                throw new QueryException(op + " needs a distance of at least 1 word, as in " + op + "/5; "
                        + "for words right next to each other use a \"phrase\"", at);
            }
            if (distance > MAX_DISTANCE) {
                throw new QueryException(w + " is too far: the largest distance is " + MAX_DISTANCE + " words", at);
            }
            out.add(new Token(Kind.valueOf(op), op + "/" + distance + (sentence ? "S" : ""), at, distance, sentence));
        }

        private void alias(String w, int at) throws QueryException {
            String name = w.substring(1);
            if (name.isEmpty()) {
                throw new QueryException("@ must be followed by an alias name, as in @north_korea", at);
            }
            for (int k = 0; k < name.length(); k++) {
                char ch = name.charAt(k);
                if (!(ch < 128 && Character.isLetterOrDigit(ch)) && ch != '_' && ch != '-') {
                    throw new QueryException("alias names use only letters, digits, _ and -; \"" + ch + "\" in " + w
                            + " is not allowed (leave a space after the alias)", at + 1 + k);
                }
            }
            out.add(new Token(Kind.ALIAS, name, at, 0));
        }

        private void field(String w, int colon, int at) throws QueryException {
            String name = w.substring(0, colon);
            if (!FIELDS.contains(name)) {
                throw new QueryException("unknown field scope " + name + ":; the only field scope is title: "
                        + "(without a scope, title and body are searched together); to search for the text itself, put it in quotes", at);
            }
            out.add(new Token(Kind.FIELD, name, at, 0));
            String rest = w.substring(colon + 1);
            if (!rest.isEmpty()) {
                word(rest, at + colon + 1);
                return;
            }
            int after = at + w.length();
            if (after >= q.length() || (q.charAt(after) != '(' && q.charAt(after) != '"')) {
                throw new QueryException(name + ": must be followed directly, with no space, by a word, a \"phrase\" or a group "
                        + "in parentheses, as in " + name + ":(troops OR soldiers)", at);
            }
        }

        private void wildcard(String w, int star, int at) throws QueryException {
            if (star != w.length() - 1) {
                throw new QueryException("only a trailing * is a wildcard, as in deploy*; \"" + w + "\" has one elsewhere", at + star);
            }
            String prefix = w.substring(0, star);
            long letters = prefix.codePoints().filter(Character::isLetterOrDigit).count();
            if (letters < MIN_WILDCARD_PREFIX) {
                throw new QueryException("wildcard " + w + " is too short: put at least " + MIN_WILDCARD_PREFIX
                        + " letters before the *, as in dep*", at);
            }
            out.add(new Token(Kind.WILDCARD, prefix, at, 0));
        }

        private static boolean hasLetterOrDigit(String s) {
            return s.codePoints().anyMatch(Character::isLetterOrDigit);
        }
    }
}
