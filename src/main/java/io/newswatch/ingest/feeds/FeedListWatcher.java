package io.newswatch.ingest.feeds;

import io.newswatch.config.InvalidFileException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Keeps the poller's feed list in step with the file the operator edits. It polls the file's
 * timestamp and size (every couple of seconds) instead of using a WatchService: that also sees
 * files replaced by editors and config tools via rename, on every file system, and costs one
 * {@code stat} per check. A broken file is logged once and the last good list stays active; a
 * file that disappears keeps the last list too, since dropping every feed because of a moment
 * between an editor's delete and rename would be far worse than polling a removed feed a while
 * longer.
 */
public final class FeedListWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FeedListWatcher.class);

    private final Path file;
    private final FeedListParser parser;
    private final Duration checkEvery;
    private final Consumer<List<FeedSpec>> onChange;
    private ScheduledExecutorService timer;

    private Object lastStamp;
    private byte[] lastContent;
    private boolean reportedMissing;
    private List<FeedSpec> current = List.of();

    /**
     * @param onChange receives every newly valid list (including the first); called from the
     *                 watcher's own thread, never concurrently
     */
    public FeedListWatcher(Path file, FeedListParser parser, Duration checkEvery, Consumer<List<FeedSpec>> onChange) {
        this.file = Objects.requireNonNull(file);
        this.parser = Objects.requireNonNull(parser);
        this.checkEvery = Objects.requireNonNull(checkEvery);
        this.onChange = Objects.requireNonNull(onChange);
    }

    /** Loads the file now (delivering the list if valid), then keeps checking in the background. */
    public synchronized void start() {
        check();
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "newswatch-feed-list-watcher");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(10, checkEvery.toMillis());
            timer.scheduleWithFixedDelay(this::checkQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** The list in force: the last valid content of the file, empty before the first. */
    public synchronized List<FeedSpec> current() {
        return current;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.errorf("feeds file %s: unexpected failure while checking for changes: %s", file, e);
        }
    }

    /** Compares the file with the last one seen and applies it if it changed and is valid. */
    synchronized void check() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (!reportedMissing) {
                reportedMissing = true;
                if (lastContent == null) {
                    LOG.warnf("feeds file %s does not exist; no feeds are polled until it is created", file.toAbsolutePath());
                } else {
                    LOG.warnf("feeds file %s disappeared; keeping the last %d feeds until it is back", file.toAbsolutePath(), current.size());
                }
            }
            lastStamp = null;
            return;
        } catch (IOException e) {
            LOG.warnf("feeds file %s: cannot read its attributes (%s); keeping the last list", file, e);
            return;
        }
        reportedMissing = false;
        Object stamp = List.of(attributes.lastModifiedTime(), attributes.size(), Objects.requireNonNullElse(attributes.fileKey(), FileTime.fromMillis(0)));
        if (stamp.equals(lastStamp)) {
            return;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warnf("feeds file %s: cannot read it (%s); keeping the last list", file, e);
            return;
        }
        lastStamp = stamp;
        if (Arrays.equals(content, lastContent)) {
            return;
        }
        lastContent = content;
        List<FeedSpec> parsed;
        try {
            parsed = parser.parse(new String(content, StandardCharsets.UTF_8), file.toString());
        } catch (InvalidFileException e) {
            e.problems().forEach(problem -> LOG.errorf("feeds file %s", problem));
            LOG.errorf("feeds file %s: %d problem(s); keeping the previous %d feeds until the file is fixed",
                    file, e.problems().size(), current.size());
            return;
        }
        current = parsed;
        LOG.infof("feeds file %s loaded: %d feeds", file, parsed.size());
        onChange.accept(parsed);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
