package io.newswatch.matching;

import io.newswatch.config.FileProblem;

import io.newswatch.rules.Rule;

import java.nio.file.Path;
import java.util.List;

/**
 * What the daemon knows of one rule file, for {@code GET /api/rules}: the version in force (the
 * last one that loaded) and, when the file's current content is broken, why.
 *
 * @param active   the rule in force, or null when no version of the file ever loaded
 * @param problems problems of the file's current content; empty when it loaded
 * @param warnings what is doubtful about the version in force (an example that does not behave, a
 *                 query whose quotes YAML took): it loaded and matches, but may not do what was meant
 */
public record RuleState(Path file, Rule active, List<FileProblem> problems, List<FileProblem> warnings) {
    public RuleState {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public RuleState(Path file, Rule active, List<FileProblem> problems) {
        this(file, active, problems, List.of());
    }

    /** {@code ok}, {@code warning} (loaded, with warnings), {@code error} or {@code error (last good version active)}. */
    public String status() {
        if (problems.isEmpty()) {
            return warnings.isEmpty() ? "ok" : "warning";
        }
        return active == null ? "error" : "error (last good version active)";
    }
}
