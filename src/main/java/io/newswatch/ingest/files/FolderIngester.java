package io.newswatch.ingest.files;

import io.newswatch.ingest.IngestException;

import io.newswatch.ingest.DocumentSink;


import io.newswatch.config.FileStamp;

import io.newswatch.ingest.IngestMetrics;
import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Publishes every file of a folder once, then every file added or changed later. {@link #scan()} is
 * called on a timer. A file counts as done only after the sink accepted it, so a Kafka outage
 * delays files but never loses them; a file that cannot be read is reported once per version.
 */
public final class FolderIngester {
    private static final Logger LOG = Logger.getLogger(FolderIngester.class);

    private final Path folder;
    private final DocumentFileReader reader;
    private final DocumentSink sink;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Duration warningInterval;
    private final Map<Path, FileStamp> done = new HashMap<>();
    private Instant lastSinkWarning = Instant.MIN;
    private boolean folderMissingReported;

    public FolderIngester(Path folder, DocumentFileReader reader, DocumentSink sink, IngestMetrics metrics,
                          Clock clock, Duration warningInterval) {
        this.folder = folder;
        this.reader = reader;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.warningInterval = warningInterval;
    }

    /** One pass over the folder; returns how many documents were published. */
    public synchronized int scan() {
        if (!Files.isDirectory(folder)) {
            if (!folderMissingReported) {
                LOG.warnf("seeds folder %s does not exist; create it or set NEWSWATCH_SEEDS_DIR (watching for it)", folder);
                folderMissingReported = true;
            }
            return 0;
        }
        folderMissingReported = false;
        List<Path> files;
        try {
            files = reader.listFiles(folder);
        } catch (IngestException e) {
            LOG.warn(e.getMessage());
            return 0;
        }
        done.keySet().retainAll(files);
        int published = 0;
        int waiting = 0;
        String sinkError = null;
        for (Path file : files) {
            Optional<FileStamp> stamp = FileStamp.of(file);
            if (stamp.isEmpty() || stamp.get().equals(done.get(file))) {
                continue;
            }
            if (sinkError != null) {
                waiting++;
                continue; // the sink is down: don't hammer it file by file
            }
            Document document;
            try {
                document = reader.read(file, clock.instant());
            } catch (IngestException e) {
                LOG.warnf("skipped %s", e.getMessage());
                metrics.ingestError("unreadable-file");
                done.put(file, stamp.get()); // report once per version of the file
                continue;
            }
            try {
                sink.publish(document);
                done.put(file, stamp.get());
                metrics.documentIngested(document.source());
                LOG.infof("ingested %s as document %s", file, document.id());
                published++;
            } catch (Exception e) {
                if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    Thread.currentThread().interrupt(); // shutting down: the file stays for the next start
                    return published;
                }
                sinkError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                metrics.ingestError("kafka");
                waiting++;
            }
        }
        if (sinkError != null && clock.instant().isAfter(lastSinkWarning.plus(warningInterval))) {
            lastSinkWarning = clock.instant();
            LOG.warnf("cannot publish documents from %s (%s); %d file(s) waiting, retrying", folder, sinkError, waiting);
        }
        return published;
    }
}
