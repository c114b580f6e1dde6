package io.newswatch.config;


import java.util.List;

/** A rule or alias file that cannot be used; carries every problem found in it, not just the first. */
public final class RuleFileException extends Exception {
    private final List<RuleProblem> problems;

    public RuleFileException(List<RuleProblem> problems) {
        super(problems.isEmpty() ? "rule file problem" : problems.get(0).toString());
        this.problems = List.copyOf(problems);
    }

    public RuleFileException(RuleProblem problem) {
        this(List.of(problem));
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
