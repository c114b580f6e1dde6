package io.newswatch.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An operator file that cannot be used as it stands: a rule or alias file, the recipients file or
 * the feed list. Carries every problem found in it, not just the first; the message is one
 * {@code file:line:col: message} line per problem.
 */
public final class InvalidFileException extends Exception {
    private final List<FileProblem> problems;

    public InvalidFileException(List<FileProblem> problems) {
        super(problems.isEmpty() ? "invalid file" : problems.stream().map(FileProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public InvalidFileException(FileProblem problem) {
        this(List.of(problem));
    }

    public List<FileProblem> problems() {
        return problems;
    }
}
