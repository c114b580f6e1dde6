package io.newswatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Size, modification time and, for an operator file of up to {@link #CONTENT_LIMIT} bytes, a
 * checksum of its content: enough to notice every edit, including one that keeps the size and
 * lands within the file system's timestamp granularity (a tick of a few milliseconds here, one or
 * two seconds on some bind mounts and network file systems). Cheap to take on every poll for rule,
 * aliases, recipients and labels files. Polling (rather than inotify) also works on Docker bind
 * mounts and network file systems.
 *
 * @param contentChecksum CRC-32C of the content, or -1 for a file larger than {@link #CONTENT_LIMIT}
 *     (compared by size and time alone)
 */
public record FileStamp(long size, long modifiedMillis, long contentChecksum) {
    /** Files up to this size are compared by content too. */
    public static final long CONTENT_LIMIT = 4L << 20;

    public static Optional<FileStamp> of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long checksum = attributes.isRegularFile() && attributes.size() <= CONTENT_LIMIT ? checksum(file) : -1;
            return Optional.of(new FileStamp(attributes.size(), attributes.lastModifiedTime().toMillis(), checksum));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long checksum(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[8192];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }
}
