package io.newswatch.matching;

import io.newswatch.document.Document;
import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import java.time.Instant;
import java.util.List;

/** A matcher that holds one rule, {@code rule}, at a time: for tests asking whether a query matches a text. */
final class OneRuleMatcher implements AutoCloseable {
    final RuleCompiler compiler;
    final RuleMatcher matcher = new RuleMatcher();

    OneRuleMatcher(Aliases aliases) {
        this.compiler = new RuleCompiler(aliases);
    }

    /** A document with this title and body, its id derived from both. */
    static Document doc(String title, String body) {
        return new Document("doc-" + Integer.toHexString((title + body).hashCode()), "test", "test.txt", title, body,
                Instant.EPOCH, "en", Instant.EPOCH, List.of(), List.of());
    }

    /** Registers {@code query} as the rule (replacing the one before) and says whether it matches the text. */
    boolean matches(String query, String title, String body) throws QueryException {
        matcher.register("rule", compiler.compile(query));
        return matcher.match(doc(title, body)).stream().anyMatch(m -> m.ruleId().equals("rule"));
    }

    /** The same for a body under the title "A report". */
    boolean matches(String query, String body) throws QueryException {
        return matches(query, "A report", body);
    }

    @Override
    public void close() {
        matcher.close();
    }
}
