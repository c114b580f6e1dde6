package io.newswatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampTest {
    @TempDir Path dir;

    @Test
    void anEditThatKeepsTheSizeAndModificationTimeChangesTheStamp() throws IOException {
        Path file = dir.resolve("troops.yml");
        Files.writeString(file, "query: troops NEAR/5 deployed\n");
        FileTime modified = Files.getLastModifiedTime(file);
        FileStamp before = FileStamp.of(file).orElseThrow();

        Files.writeString(file, "query: troops NEAR/6 deployed\n");
        Files.setLastModifiedTime(file, modified);

        FileStamp after = FileStamp.of(file).orElseThrow();
        assertEquals(before.size(), after.size());
        assertEquals(before.modifiedMillis(), after.modifiedMillis());
        assertNotEquals(before, after, "the content changed");
    }

    @Test
    void anUntouchedFileKeepsItsStampAndAMissingOneHasNone() throws IOException {
        Path file = dir.resolve("_recipients.yml");
        Files.writeString(file, "recipients: {}\n");
        assertEquals(FileStamp.of(file), FileStamp.of(file));
        assertEquals(Optional.empty(), FileStamp.of(dir.resolve("absent.yml")));
    }

    @Test
    void aFileOverTheContentLimitIsComparedBySizeAndTimeAlone() throws IOException {
        Path file = dir.resolve("labels.tsv");
        byte[] content = new byte[(int) FileStamp.CONTENT_LIMIT + 1];
        Arrays.fill(content, (byte) 'a');
        Files.write(file, content);
        FileStamp stamp = FileStamp.of(file).orElseThrow();
        assertEquals(-1, stamp.contentChecksum());
        assertEquals(content.length, stamp.size());
        assertTrue(stamp.modifiedMillis() > 0);
    }
}
