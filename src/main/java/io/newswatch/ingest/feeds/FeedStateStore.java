package io.newswatch.ingest.feeds;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.newswatch.document.DocumentIds;

/**
 * Per-feed state files in {@code <data>/feeds/}, one per feed, named by the hash of its url.
 * One file per feed means a poll rewrites only its own feed's few kilobytes, not the state of
 * thousands; each write goes to a temporary file that is flushed to disk and renamed over the old
 * one, so a crash of the process leaves either the old or the new state, never half of one.
 */
public final class FeedStateStore {
    private static final Logger LOG = Logger.getLogger(FeedStateStore.class);
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Creates the directory if needed and removes temporary files a crash left behind. */
    public FeedStateStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    public Path directory() {
        return dir;
    }

    /** The stored state of {@code url}; empty if none, or (with a log line) if the file is unreadable. */
    public Optional<FeedState> load(String url) {
        Path file = fileOf(url);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("feed %s: cannot read its state file %s (%s); starting it afresh", url, file, e);
            return Optional.empty();
        }
        try {
            FeedState state = json.readValue(bytes, FeedState.class);
            if (!url.equals(state.url())) {
                LOG.warnf("feed %s: state file %s belongs to %s; starting it afresh", url, file, state.url());
                return Optional.empty();
            }
            return Optional.of(state);
        } catch (JacksonException e) {
            LOG.warnf("feed %s: state file %s is corrupt (%s); starting it afresh", url, file, e.getOriginalMessage());
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("feed %s: cannot read its state file %s (%s); starting it afresh", url, file, e);
            return Optional.empty();
        }
    }

    /**
     * Replaces the feed's state file atomically.
     *
     * @param sync also flush it to the disk before the rename: worth its few milliseconds when
     *             the state records newly published items (losing it to a power cut would publish
     *             them again), not for a 304 or an error
     */
    public void save(FeedState state, boolean sync) throws IOException {
        Path file = fileOf(state.url());
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            byte[] bytes = json.writeValueAsBytes(state);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (sync) {
                    channel.force(true);
                }
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    Path fileOf(String url) {
        return dir.resolve(DocumentIds.forUrl(url).substring(0, 32) + SUFFIX);
    }
}
