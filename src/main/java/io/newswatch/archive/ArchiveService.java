package io.newswatch.archive;

import io.newswatch.matching.RuleCompiler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.lucene.store.LockObtainFailedException;
import org.jboss.logging.Logger;

/**
 * The daemon's archive: opens the index under the data folder, runs the {@link Archiver} on a
 * thread of its own and offers search and backtest over it. When the archive is disabled, or its
 * folder cannot be opened (locked by another process, not writable), the daemon runs without it
 * (alerting never depends on it) and the search endpoints say so.
 */
public final class ArchiveService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ArchiveService.class);

    /** Everything the archive needs to know, from the daemon's settings. */
    public record Settings(boolean enabled, Path folder, String bootstrapServers, String documentsTopic, String alertsTopic,
                           Duration retention, Optional<Long> maxBytes, Archiver.Settings archiver, int maxPageSize,
                           Duration backtestTimeout, int backtestMaxResults) {}

    private final Settings settings;
    private final Supplier<RuleCompiler> compiler;
    private final Clock clock;
    private ArchiveIndex index;
    private Archiver archiver;
    private Thread thread;
    private ArchiveSearcher searcher;
    private Backtest backtest;

    public ArchiveService(Settings settings, Supplier<RuleCompiler> compiler, Clock clock) {
        this.settings = settings;
        this.compiler = compiler;
        this.clock = clock;
    }

    public synchronized void start() {
        if (!settings.enabled()) {
            LOG.info("archive disabled (NEWSWATCH_ARCHIVE_ENABLED=false): search, alert listing and backtest are unavailable");
            return;
        }
        try {
            index = ArchiveIndex.openForWriting(settings.folder());
        } catch (LockObtainFailedException e) {
            LOG.errorf("archive at %s is in use by another process (each instance needs its own NEWSWATCH_DATA_DIR); running without an archive",
                    settings.folder());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.errorf("cannot open the archive at %s (%s); running without an archive", settings.folder(), e.getMessage());
            return;
        }
        searcher = new ArchiveSearcher(index, compiler, settings.maxPageSize());
        backtest = new Backtest(index, searcher, settings.backtestTimeout(), settings.backtestMaxResults(), clock);
        archiver = new Archiver(settings.bootstrapServers(), settings.documentsTopic(), settings.alertsTopic(), index,
                new ArchiveRetention(settings.retention(), settings.maxBytes()), settings.archiver(), clock);
        thread = Thread.ofPlatform().daemon().name("newswatch-archiver").start(archiver);
    }

    public synchronized Optional<ArchiveSearcher> searcher() {
        return Optional.ofNullable(searcher);
    }

    public synchronized Optional<Backtest> backtest() {
        return Optional.ofNullable(backtest);
    }

    /** Records archived since start (documents, alerts); zeros without an archive. */
    public long[] archived() {
        Archiver a = archiver;
        return a == null ? new long[] {0, 0} : new long[] {a.archivedDocuments(), a.archivedAlerts()};
    }

    /** Stops archiving (committing what was read) and closes the index. */
    @Override
    public synchronized void close() {
        if (archiver != null) {
            archiver.close();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                LOG.warnf("closing the archive at %s: %s", settings.folder(), e.getMessage());
            }
        }
        searcher = null;
        backtest = null;
    }
}
