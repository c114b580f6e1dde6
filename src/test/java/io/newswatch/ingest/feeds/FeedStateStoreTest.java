package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedStateStoreTest {
    @TempDir
    Path dir;

    private static FeedState state(String url) {
        return new FeedState(url, url + "?moved", null, "Title", "\"etag\"", "Tue, 08 Oct 2024 10:00:00 GMT",
                Instant.parse("2024-10-08T12:00:00Z"), Instant.parse("2024-10-08T12:00:00Z"), null, null, null, 0, 7,
                Instant.parse("2024-10-08T12:10:00Z"), false, null, List.of("k1", "k2"));
    }

    @Test
    void savesAndLoadsAFeedsState() throws Exception {
        FeedStateStore store = new FeedStateStore(dir.resolve("feeds"));
        store.save(state("https://a.example/rss"), true);
        store.save(state("https://b.example/rss"), false);

        assertEquals(Optional.of(state("https://a.example/rss")), new FeedStateStore(dir.resolve("feeds")).load("https://a.example/rss"));
        assertEquals(Optional.empty(), store.load("https://unknown.example/rss"));
        try (var files = Files.list(dir.resolve("feeds"))) {
            assertEquals(2, files.count(), "one file per feed, no temporary files left");
        }
    }

    @Test
    void startsAFeedAfreshWhenItsFileIsCorrupt() throws Exception {
        FeedStateStore store = new FeedStateStore(dir.resolve("feeds"));
        Files.writeString(store.fileOf("https://a.example/rss"), "{\"url\": \"https://a.example/rss\", \"errorCount\": ");
        assertEquals(Optional.empty(), store.load("https://a.example/rss"));
    }

    @Test
    void removesTemporaryFilesLeftByACrash() throws Exception {
        Path feeds = Files.createDirectories(dir.resolve("feeds"));
        Path leftover = Files.writeString(feeds.resolve("abc.json123.tmp"), "half");
        new FeedStateStore(feeds);
        assertTrue(Files.notExists(leftover));
    }
}
