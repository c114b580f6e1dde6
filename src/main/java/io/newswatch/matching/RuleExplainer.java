package io.newswatch.matching;

import io.newswatch.document.Document;
import io.newswatch.rules.query.QueryException;
import io.newswatch.rules.query.QueryNode;
import io.newswatch.rules.query.QueryNode.And;
import io.newswatch.rules.query.QueryNode.Not;
import io.newswatch.rules.query.QueryNode.Or;
import io.newswatch.rules.query.QueryParser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Says why a rule matched a document: which of its alternatives fired (the operands of its
 * top-level OR, each with the rule's {@code NOT} clauses still applied) and the words each one
 * matched, as in {@code @troops NEAR/8 @deploy} with {@code troops}, {@code deployed}.
 *
 * <p>It runs each alternative on its own against the document, so it costs a few rule
 * registrations per call: for {@code scan --explain} and {@code /api/match?explain=true}, never
 * for the pipeline.
 */
public final class RuleExplainer {
    /** One alternative of a rule that matched: its text in the rule language, and the words it matched. */
    public record FiredPart(String part, List<Highlight> words) {
        public FiredPart {
            words = List.copyOf(words);
        }
    }

    private final RuleCompiler compiler;

    public RuleExplainer(RuleCompiler compiler) {
        this.compiler = compiler;
    }

    /** The alternatives of {@code query} that match {@code document}, in the order the rule lists them. */
    public List<FiredPart> explain(String query, Document document) throws QueryException {
        QueryNode root = QueryParser.parse(query);
        List<QueryNode> alternatives = new ArrayList<>();
        List<QueryNode> exclusions = new ArrayList<>();
        split(root, alternatives, exclusions);
        List<FiredPart> fired = new ArrayList<>();
        try (RuleMatcher matcher = new RuleMatcher()) {
            for (int i = 0; i < alternatives.size(); i++) {
                List<QueryNode> clauses = new ArrayList<>();
                clauses.add(alternatives.get(i));
                clauses.addAll(exclusions);
                QueryNode part = clauses.size() == 1 ? clauses.getFirst() : new And(clauses, root.offset());
                matcher.register("part-" + i, compiler.compile(part));
            }
            List<Match> matches = matcher.match(document);
            for (int i = 0; i < alternatives.size(); i++) {
                String id = "part-" + i;
                for (Match match : matches) {
                    if (match.ruleId().equals(id)) {
                        fired.add(new FiredPart(text(alternatives.get(i)), match.highlights()));
                    }
                }
            }
        }
        return fired;
    }

    /** A top-level AND gives its NOT clauses as exclusions; its one positive OR, or a top-level OR, gives the alternatives. */
    private static void split(QueryNode root, List<QueryNode> alternatives, List<QueryNode> exclusions) {
        if (root instanceof And and) {
            List<QueryNode> positive = new ArrayList<>();
            for (QueryNode operand : and.operands()) {
                (operand instanceof Not ? exclusions : positive).add(operand);
            }
            if (positive.size() == 1 && positive.getFirst() instanceof Or or) {
                alternatives.addAll(or.operands());
            } else {
                alternatives.add(positive.size() == 1 ? positive.getFirst() : new And(positive, and.offset()));
            }
        } else if (root instanceof Or or) {
            alternatives.addAll(or.operands());
        } else {
            alternatives.add(root);
        }
    }

    /** The node in the rule language, with parentheses only where a reader needs them. */
    static String text(QueryNode node) {
        return switch (node) {
            case QueryNode.Term t -> t.text();
            case QueryNode.Phrase p -> "\"" + p.text() + "\"";
            case QueryNode.Wildcard w -> w.prefix() + "*";
            case QueryNode.Alias a -> "@" + a.name();
            case QueryNode.FieldScope f -> f.field() + ":" + group(f.query());
            case Not n -> n.operator() + " " + group(n.operand());
            case And a -> a.operands().stream().map(o -> o instanceof Or ? group(o) : text(o)).collect(Collectors.joining(" AND "));
            case Or o -> o.operands().stream().map(RuleExplainer::text).collect(Collectors.joining(" OR "));
            case QueryNode.Near n -> group(n.left()) + " NEAR/" + n.maxWords() + " " + group(n.right());
            case QueryNode.Before b -> group(b.left()) + " BEFORE/" + b.maxWords() + " " + group(b.right());
            case QueryNode.SameSentence s -> group(s.left()) + " " + s.operator() + " " + group(s.right());
        };
    }

    private static String group(QueryNode node) {
        boolean composite = node instanceof And || node instanceof Or || node instanceof Not
                || node instanceof QueryNode.Near || node instanceof QueryNode.Before || node instanceof QueryNode.SameSentence;
        return composite ? "(" + text(node) + ")" : text(node);
    }
}
