package io.newswatch.matching;

import io.newswatch.config.FileProblem;


import io.newswatch.rules.RuleSource;

import io.newswatch.document.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each rule's own {@code examples} through the matcher. The examples are the rule's tests:
 * a {@code match} text that does not match, or a {@code no_match} text that does, is a problem
 * at the example's line.
 */
public final class RuleExamples {
    private RuleExamples() {}

    /**
     * One rule's examples, against a matcher holding only that rule, as the daemon runs them each
     * time the rule (re)loads.
     */
    public static List<FileProblem> check(LoadedRule rule) {
        if (rule.source().examples().isEmpty()) {
            return List.of();
        }
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(rule.id(), rule.query());
            return check(List.of(rule), matcher);
        }
    }

    /** Problems for every example that misbehaves; {@code matcher} must hold {@code rules}. */
    public static List<FileProblem> check(List<LoadedRule> rules, RuleMatcher matcher) {
        List<FileProblem> problems = new ArrayList<>();
        Instant now = Instant.now();
        for (LoadedRule rule : rules) {
            for (RuleSource.Example example : rule.source().examples()) {
                Document document = new Document("example", "example", rule.rule().file().toString(), "",
                        example.text(), now, "en", now, List.of(), List.of());
                boolean matched;
                try {
                    matched = matcher.match(document).stream().anyMatch(m -> m.ruleId().equals(rule.id()));
                } catch (Throwable unexpected) { // one example that breaks the matcher is that example's problem
                    problems.add(example.location().problem("matching this example failed unexpectedly ("
                            + unexpected.getClass().getSimpleName() + "); report it as a newswatch bug"));
                    continue;
                }
                if (matched != example.shouldMatch()) {
                    problems.add(example.location().problem((example.shouldMatch()
                            ? "example should match rule " + rule.id() + " but does not: "
                            : "example should not match rule " + rule.id() + " but does: ") + quote(example.text())));
                }
            }
        }
        return problems;
    }

    static String quote(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return "\"" + (flat.length() > 80 ? flat.substring(0, 79) + "…" : flat) + "\"";
    }
}
