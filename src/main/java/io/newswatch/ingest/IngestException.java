package io.newswatch.ingest;

import java.nio.file.Path;

/**
 * A file newswatch cannot turn into a document. The message names the file, says what is wrong and
 * what to do, and is meant to be logged as one line without a stack trace: bad input is expected,
 * not a bug.
 */
public class IngestException extends Exception {
    private final transient Path file;
    private final String problem;

    /**
     * @param file    the file, as the user named it (its path is the message's first word)
     * @param problem what is wrong and what to do, e.g. {@code empty file (0 bytes); add the
     *                article text or remove the file}
     */
    public IngestException(Path file, String problem) {
        super(LogSafe.text(String.valueOf(file)) + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** The message without the file name. */
    public String problem() {
        return problem;
    }
}
