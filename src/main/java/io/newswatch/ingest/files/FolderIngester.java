package io.newswatch.ingest.files;

import io.newswatch.ingest.IngestException;

import io.newswatch.ingest.DocumentSink;
import io.newswatch.ingest.SinkUnavailableException;
import io.newswatch.broker.KafkaOutage;


import io.newswatch.config.FileStamp;

import io.newswatch.ingest.IngestMetrics;
import io.newswatch.ingest.LogSafe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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
 *
 * <p>A file is read only once it is settled: not modified for {@code settleTime}, or seen with the
 * same size and modification time for that long, so a file still being written (in two parts
 * seconds apart, or copied slowly) becomes one document, not one per part. Hidden and temporary
 * names ({@code .x}, {@code .#x}, {@code *.tmp}, {@code *.part}, {@code x~}) are never read: write
 * under such a name and rename when done. A listing problem (a link looping back, an unreadable
 * sub-folder) is logged once, not on every scan; names are logged with control characters escaped.
 */
public final class FolderIngester {
    private static final Logger LOG = Logger.getLogger(FolderIngester.class);

    private final Path folder;
    private final DocumentFileReader reader;
    private final DocumentSink sink;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final Duration warningInterval;
    private final Duration settleTime;
    private final KafkaOutage outage;
    /** The part name under which waiting files are reported to {@link #outage}. */
    static final String PART = "file intake";
    private final Map<Path, FileStamp> done = new HashMap<>();
    /** Files seen changing: the stamp last seen and since when it has not changed. */
    private final Map<Path, Pending> pending = new HashMap<>();
    private Set<String> reportedListingProblems = Set.of();
    private Instant lastSinkWarning = Instant.MIN;
    private boolean folderMissingReported;

    private record Pending(FileStamp stamp, Instant since) {}

    /** {@link #FolderIngester(Path, DocumentFileReader, DocumentSink, IngestMetrics, Clock, Duration, Duration)} with no settle time. */
    public FolderIngester(Path folder, DocumentFileReader reader, DocumentSink sink, IngestMetrics metrics,
                          Clock clock, Duration warningInterval) {
        this(folder, reader, sink, metrics, clock, warningInterval, Duration.ZERO);
    }

    /** @param settleTime how long a file must be left unchanged before it is read (see the class comment) */
    public FolderIngester(Path folder, DocumentFileReader reader, DocumentSink sink, IngestMetrics metrics,
                          Clock clock, Duration warningInterval, Duration settleTime) {
        this(folder, reader, sink, metrics, clock, warningInterval, settleTime, null);
    }

    /**
     * @param outage where to report files waiting while the sink is unavailable ({@link SinkUnavailableException}),
     *               for its owner's one line per retry interval; null to log that here (once per interval)
     */
    public FolderIngester(Path folder, DocumentFileReader reader, DocumentSink sink, IngestMetrics metrics,
                          Clock clock, Duration warningInterval, Duration settleTime, KafkaOutage outage) {
        this.outage = outage;
        this.settleTime = settleTime;
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
        List<IngestException> listingProblems = new ArrayList<>();
        try {
            files = reader.listFiles(folder, listingProblems);
        } catch (IngestException e) {
            listingProblems.add(e);
            files = List.of();
        }
        reportOnce(listingProblems);
        done.keySet().retainAll(files);
        pending.keySet().retainAll(files);
        Instant now = clock.instant();
        int published = 0;
        int waiting = 0;
        String sinkError = null;
        boolean unavailable = false;
        for (Path file : files) {
            Optional<FileStamp> stamp = FileStamp.of(file);
            if (stamp.isEmpty() || stamp.get().equals(done.get(file))) {
                continue;
            }
            if (!settled(file, stamp.get(), now)) {
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
                LOG.warnf("skipped %s", e.getMessage()); // the message escapes the file name
                metrics.ingestError("unreadable-file");
                done.put(file, stamp.get()); // report once per version of the file
                continue;
            }
            try {
                sink.publish(document);
                done.put(file, stamp.get());
                metrics.documentIngested(document.source());
                pending.remove(file);
                LOG.infof("ingested %s as document %s", LogSafe.text(file.toString()), document.id());
                published++;
            } catch (Exception e) {
                if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    Thread.currentThread().interrupt(); // shutting down: the file stays for the next start
                    return published;
                }
                sinkError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                unavailable = e instanceof SinkUnavailableException;
                metrics.ingestError("kafka");
                waiting++;
            }
        }
        if (sinkError != null && unavailable && outage != null) {
            // Kafka away: the broker package's one line per retry interval names these files.
            outage.waiting(PART, waiting + " file(s) in " + LogSafe.text(folder.toString()));
        } else {
            if (outage != null) {
                outage.resumed(PART);
            }
            if (sinkError != null && clock.instant().isAfter(lastSinkWarning.plus(warningInterval))) {
                lastSinkWarning = clock.instant();
                LOG.warnf("cannot publish documents from %s (%s); %d file(s) waiting, retrying", LogSafe.text(folder.toString()), sinkError, waiting);
            }
        }
        return published;
    }

    /**
     * True once the file has been left alone for the settle time: its modification time is that old,
     * or (for clocks that disagree, e.g. network file systems) this ingester has seen the same size
     * and modification time for that long.
     */
    private boolean settled(Path file, FileStamp stamp, Instant now) {
        if (settleTime.isZero() || !Instant.ofEpochMilli(stamp.modifiedMillis()).plus(settleTime).isAfter(now)) {
            return true;
        }
        Pending seen = pending.get(file);
        if (seen == null || !seen.stamp().equals(stamp)) {
            pending.put(file, new Pending(stamp, now));
            return false;
        }
        return !seen.since().plus(settleTime).isAfter(now);
    }

    /** Logs each listing problem the first scan it appears in; one that goes away and comes back is logged again. */
    private void reportOnce(List<IngestException> problems) {
        Set<String> current = new HashSet<>();
        for (IngestException problem : problems) {
            if (current.add(problem.getMessage()) && !reportedListingProblems.contains(problem.getMessage())) {
                LOG.warn(problem.getMessage());
            }
        }
        reportedListingProblems = current;
    }
}
