package io.newswatch.archive;

import java.io.IOException;
import java.nio.file.Path;

/** There is no archive in the folder: the daemon has not archived anything there yet, or the folder is wrong. */
public final class ArchiveMissingException extends IOException {
    public ArchiveMissingException(Path folder) {
        super("no archive at " + folder + ": the daemon creates it under NEWSWATCH_DATA_DIR/archive once it runs;"
                + " point --data at the daemon's data folder");
    }
}
