package io.newswatch.matching;

import io.newswatch.config.RuleProblem;

import io.newswatch.rules.Rule;

import java.nio.file.Path;
import java.util.List;

/**
 * What the daemon knows of one rule file, for {@code GET /api/rules}: the version in force (the
 * last one that loaded) and, when the file's current content is broken, why.
 *
 * @param active   the rule in force, or null when no version of the file ever loaded
 * @param problems problems of the file's current content; empty when it loaded
 */
public record RuleState(Path file, Rule active, List<RuleProblem> problems) {
    public RuleState {
        problems = List.copyOf(problems);
    }

    public String status() {
        if (problems.isEmpty()) {
            return "ok";
        }
        return active == null ? "error" : "error (last good version active)";
    }
}
