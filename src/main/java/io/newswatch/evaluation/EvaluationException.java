package io.newswatch.evaluation;

import java.util.List;

/**
 * An evaluation that could not run at all: the labels file is missing or unreadable, or no label
 * names a readable document and a loaded rule. {@link #problems()} are the per-line problems found
 * on the way (already {@code file:line: message}), the message says what stopped it.
 */
public final class EvaluationException extends Exception {
    private final List<String> problems;

    public EvaluationException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
