package io.newswatch.delivery;

import java.util.List;
import java.util.stream.Collectors;

/** A recipients file that cannot be used; {@link #problems()} lists every problem found, not just the first. */
public class RecipientsFileException extends Exception {
    private final List<RecipientsProblem> problems;

    public RecipientsFileException(List<RecipientsProblem> problems) {
        super(problems.stream().map(RecipientsProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RecipientsProblem> problems() {
        return problems;
    }
}
