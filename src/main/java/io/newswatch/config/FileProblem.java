package io.newswatch.config;

import java.nio.file.Path;

/**
 * Something wrong in an operator file (a rule file, {@code _aliases.yml}, {@code _recipients.yml},
 * the feed list), located precisely enough for an editor to jump to it. Lines and columns are
 * 1-based; {@link #toString()} gives the compiler-style {@code rules/treaty.yml:12:9: message} that
 * {@code check-rules} prints and the daemon logs.
 */
public record FileProblem(Path file, int line, int column, String message) {

    /**
     * A failure nobody planned for (a bug, a {@link StackOverflowError}, an {@link OutOfMemoryError})
     * while reading or loading {@code file}, as a problem of that file alone: one line, no stack trace.
     */
    public static FileProblem unexpected(Path file, String doing, Throwable failure) {
        String detail = failure.getMessage() == null ? "" : ": " + failure.getMessage().lines().findFirst().orElse("").strip();
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "…";
        }
        return new FileProblem(file, 1, 1, doing + " failed unexpectedly (" + failure.getClass().getSimpleName() + detail
                + "); this file stays out of force, the others are not affected; simplify the file, and report it as a newswatch bug");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
