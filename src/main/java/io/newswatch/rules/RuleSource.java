package io.newswatch.rules;

import io.newswatch.config.ScalarLocation;

import java.util.List;
import java.util.Optional;

/**
 * A rule as read from its file, with the positions needed to report later problems (a query
 * that does not compile, an example that does not behave, an unknown recipient) at their exact
 * place in the file. {@code recipients} holds the position of each {@code notify} entry;
 * {@code classifier} the rule's learned second stage, when its file names one.
 */
public record RuleSource(Rule rule, ScalarLocation query, List<ScalarLocation> recipients, List<Example> examples,
                         Optional<ClassifierSpec> classifier) {
    public RuleSource {
        recipients = List.copyOf(recipients);
        examples = List.copyOf(examples);
    }

    /** A rule without a {@code classifier:} block. */
    public RuleSource(Rule rule, ScalarLocation query, List<ScalarLocation> recipients, List<Example> examples) {
        this(rule, query, recipients, examples, Optional.empty());
    }

    /** One of the rule's {@code examples}: a text that must ({@code shouldMatch}) or must not match. */
    public record Example(String text, boolean shouldMatch, ScalarLocation location) {}
}
