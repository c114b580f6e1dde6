package io.newswatch.rules;

import io.newswatch.config.ScalarLocation;

import java.util.List;

/**
 * A rule as read from its file, with the positions needed to report later problems (a query
 * that does not compile, an example that does not behave, an unknown recipient) at their exact
 * place in the file. {@code recipients} holds the position of each {@code notify} entry.
 */
public record RuleSource(Rule rule, ScalarLocation query, List<ScalarLocation> recipients, List<Example> examples) {
    public RuleSource {
        recipients = List.copyOf(recipients);
        examples = List.copyOf(examples);
    }

    /** One of the rule's {@code examples}: a text that must ({@code shouldMatch}) or must not match. */
    public record Example(String text, boolean shouldMatch, ScalarLocation location) {}
}
