package io.newswatch.rules.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The parsed form of a rule query. Each node keeps the 0-based offset of its first character in
 * the query string, so errors found later (an unknown alias, a word with nothing to search for)
 * can still point at the spot the author wrote.
 */
public sealed interface QueryNode {

    /** 0-based offset of the node's first character in the query string. */
    int offset();

    /**
     * A compact, offset-free rendering such as {@code (AND troops (NEAR/5 north russia))}, for
     * tests and debug output: two queries that mean the same render the same.
     */
    default String render() {
        return switch (this) {
            case Term t -> t.text();
            case Phrase p -> "\"" + p.text() + "\"";
            case Wildcard w -> w.prefix() + "*";
            case Alias a -> "@" + a.name();
            case FieldScope f -> f.field() + ":" + f.query().render();
            case Not n -> "(" + n.operator() + " " + n.operand().render() + ")";
            case And a -> "(AND " + a.operands().stream().map(QueryNode::render).collect(Collectors.joining(" ")) + ")";
            case Or o -> "(OR " + o.operands().stream().map(QueryNode::render).collect(Collectors.joining(" ")) + ")";
            case Near n -> "(NEAR/" + n.maxWords() + " " + n.left().render() + " " + n.right().render() + ")";
            case Before b -> "(BEFORE/" + b.maxWords() + " " + b.left().render() + " " + b.right().render() + ")";
            case SameSentence s -> "(" + s.operator() + " " + s.left().render() + " " + s.right().render() + ")";
        };
    }

    /** A bare word as written; stemmed at compile time. Punctuation inside ({@code north-korea}) makes it a sequence of words. */
    record Term(String text, int offset) implements QueryNode {}

    /** Text between double quotes: words in this order, without stemming. */
    record Phrase(String text, int offset) implements QueryNode {}

    /** A word ending in {@code *}; {@code prefix} is the word without the star. */
    record Wildcard(String prefix, int offset) implements QueryNode {}

    /** {@code @name}: any entry of the named alias group. */
    record Alias(String name, int offset) implements QueryNode {}

    /** {@code title:...}: the inner query searched in the title only. */
    record FieldScope(String field, QueryNode query, int offset) implements QueryNode {}

    /**
     * {@code NOT x}: only valid as one of several AND-ed clauses with something positive beside it.
     * {@code sentence} true is {@code NOT/S x}: instead of the whole text, {@code x} vetoes only the
     * matches of the AND's positive clauses (NEAR/BEFORE) that lie in a sentence holding {@code x}.
     */
    record Not(QueryNode operand, boolean sentence, int offset) implements QueryNode {
        /** A whole-text {@code NOT x}. */
        public Not(QueryNode operand, int offset) {
            this(operand, false, offset);
        }

        /** The operator as written in a query: {@code NOT} or {@code NOT/S}. */
        public String operator() {
            return sentence ? "NOT/S" : "NOT";
        }
    }

    record And(List<QueryNode> operands, int offset) implements QueryNode {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<QueryNode> operands, int offset) implements QueryNode {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code left NEAR/maxWords right}: both sides, in either order, with at most {@code maxWords} words between them. */
    record Near(QueryNode left, QueryNode right, int maxWords, int offset) implements QueryNode {}

    /** {@code left BEFORE/maxWords right}: left first, then right, with at most {@code maxWords} words between them. */
    record Before(QueryNode left, QueryNode right, int maxWords, int offset) implements QueryNode {}

    /**
     * {@code left NEAR/S right} ({@code ordered} false) or {@code left BEFORE/S right} (true): both
     * sides in one sentence of the text, in either order or left first. {@code maxWords} 0 sets no
     * further bound; {@code NEAR/10S} also allows at most 10 words between the sides.
     */
    record SameSentence(QueryNode left, QueryNode right, boolean ordered, int maxWords, int offset) implements QueryNode {
        public SameSentence {
            if (maxWords < 0) {
                throw new IllegalArgumentException("maxWords must be 0 (no bound) or positive, got " + maxWords);
            }
        }

        /** The operator as written in a query: {@code NEAR/S}, {@code BEFORE/S}, {@code NEAR/10S}. */
        public String operator() {
            return (ordered ? "BEFORE/" : "NEAR/") + (maxWords > 0 ? Integer.toString(maxWords) : "") + "S";
        }
    }
}
