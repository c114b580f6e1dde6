package io.newswatch.delivery;

import java.nio.file.Path;

/**
 * One thing wrong in a recipients file, located so an editor can jump to it.
 *
 * @param line   1-based
 * @param column 1-based
 */
public record RecipientsProblem(Path file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
