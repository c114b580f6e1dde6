package io.newswatch.rules;

import io.newswatch.config.FileProblem;
import io.newswatch.config.ScalarLocation;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * Spots YAML's quoting trap in a rule's {@code query}: {@code query: "troops deployed"} looks like
 * a phrase, but YAML takes the quotes for itself and the query is the two words {@code troops
 * deployed}, found anywhere in the text. A warning, not an error: the words-anywhere query may be
 * meant, and the rule loads either way.
 */
public final class QueryQuoting {
    /** Two or more plain words and nothing else: no operators, groups, phrases, wildcards, aliases or scopes. */
    private static final Pattern PLAIN_WORDS = Pattern.compile("[\\p{L}\\p{N}'’.-]+(?:\\s+[\\p{L}\\p{N}'’.-]+)+");
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT");

    private QueryQuoting() {}

    /** The warning for {@code source}'s query, if it is a quoted YAML string holding a single phrase. */
    public static Optional<FileProblem> warning(RuleSource source) {
        ScalarLocation at = source.query();
        if (at == null || (at.style() != ScalarStyle.DOUBLE_QUOTED && at.style() != ScalarStyle.SINGLE_QUOTED)) {
            return Optional.empty();
        }
        String query = source.rule().query().strip();
        if (!PLAIN_WORDS.matcher(query).matches() || Arrays.stream(query.split("\\s+")).anyMatch(OPERATORS::contains)) {
            return Optional.empty();
        }
        String quote = at.style() == ScalarStyle.DOUBLE_QUOTED ? "\"" : "'";
        return Optional.of(at.problem("the quotes of query: " + quote + query + quote
                + " belong to YAML, not to the query, so it finds the words " + String.join(" AND ", query.split("\\s+"))
                + " anywhere in the text, not the phrase; for the phrase write query: '\"" + query + "\"'"
                + " (or, if the words anywhere are meant, write them without quotes)"));
    }
}
