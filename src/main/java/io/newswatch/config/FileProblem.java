package io.newswatch.config;

import java.nio.file.Path;

/**
 * Something wrong in an operator file (a rule file, {@code _aliases.yml}, {@code _recipients.yml},
 * the feed list), located precisely enough for an editor to jump to it. Lines and columns are
 * 1-based; {@link #toString()} gives the compiler-style {@code rules/treaty.yml:12:9: message} that
 * {@code check-rules} prints and the daemon logs.
 */
public record FileProblem(Path file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
