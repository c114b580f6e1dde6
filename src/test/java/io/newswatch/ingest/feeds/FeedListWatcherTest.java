package io.newswatch.ingest.feeds;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedListWatcherTest {
    @TempDir
    Path dir;

    private final List<List<FeedSpec>> delivered = new CopyOnWriteArrayList<>();

    private FeedListWatcher watcher(Path file) {
        return new FeedListWatcher(file, new FeedListParser(), Duration.ofMillis(100), delivered::add);
    }

    @Test
    void appliesAnEditWithinFiveSeconds() throws Exception {
        Path file = Files.writeString(dir.resolve("feeds.yml"), "feeds:\n  - url: https://one.example/rss\n");
        try (FeedListWatcher watcher = watcher(file)) {
            watcher.start();
            assertEquals(List.of(List.of(FeedSpec.of("https://one.example/rss"))), delivered);

            Files.writeString(file, "feeds:\n  - url: https://one.example/rss\n  - url: https://two.example/rss\n");

            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);
            assertEquals(2, watcher.current().size());
        }
    }

    @Test
    void keepsTheLastGoodListWhileTheFileIsBroken() throws Exception {
        Path file = Files.writeString(dir.resolve("feeds.yml"), "feeds:\n  - url: https://one.example/rss\n");
        try (FeedListWatcher watcher = watcher(file)) {
            watcher.start();
            Files.writeString(file, "feeds:\n  - url: https://one.example/rss\n    bogus: true\n");
            watcher.check();
            assertEquals(List.of(FeedSpec.of("https://one.example/rss")), watcher.current());
            assertEquals(1, delivered.size(), "a broken file is not delivered");

            Files.writeString(file, "feeds:\n  - url: https://fixed.example/rss\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 2);
            assertEquals(List.of(FeedSpec.of("https://fixed.example/rss")), watcher.current());
        }
    }

    @Test
    void startsEmptyWithoutAFileAndPicksItUpWhenCreated() throws Exception {
        Path file = dir.resolve("later.yml");
        try (FeedListWatcher watcher = watcher(file)) {
            watcher.start();
            assertEquals(List.of(), watcher.current());
            assertEquals(0, delivered.size());

            Files.writeString(file, "feeds:\n  - url: https://new.example/rss\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 1);
        }
    }

    @Test
    void keepsTheListWhenTheFileDisappears() throws Exception {
        Path file = Files.writeString(dir.resolve("feeds.yml"), "feeds:\n  - url: https://one.example/rss\n");
        try (FeedListWatcher watcher = watcher(file)) {
            watcher.start();
            Files.delete(file);
            watcher.check();
            assertEquals(1, watcher.current().size());
            assertEquals(1, delivered.size());
        }
    }

    @Test
    void readsOpmlFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("feeds.opml"),
                "<opml version=\"2.0\"><body><outline text=\"One\" xmlUrl=\"https://one.example/rss\"/></body></opml>");
        try (FeedListWatcher watcher = watcher(file)) {
            watcher.start();
            assertEquals(List.of(new FeedSpec("https://one.example/rss", "One", null, null)), watcher.current());
        }
    }
}
