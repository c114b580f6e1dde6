package io.newswatch.ingest.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import io.newswatch.broker.KafkaOutage;
import io.newswatch.ingest.IngestMetrics;
import io.newswatch.ingest.SinkUnavailableException;
import io.newswatch.ingest.LogSafe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, F4 and the smaller ingest points: settled files only, temporary names ignored, loops warned once. */
class FolderIngesterTest {
    @TempDir Path seeds;

    /** A clock the test moves; file modification times are set from it, so no test sleeps. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final MovableClock clock = new MovableClock();
    final List<Document> published = new CopyOnWriteArrayList<>();
    final IngestMetrics metrics = new IngestMetrics() {
        @Override public void documentIngested(String source) { }
        @Override public void ingestError(String kind) { }
    };

    FolderIngester ingester(Duration settle) {
        return new FolderIngester(seeds, new DocumentFileReader(), published::add, metrics, clock, Duration.ofSeconds(10), settle);
    }

    void write(Path file, String text, StandardOpenOption... options) throws Exception {
        Files.writeString(file, text, options);
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    }

    static final String PART_1 = "Troops massed at the border\n\nThe government sent three thousand troops to the northern border on Monday, ";
    static final String PART_2 = "officials said, and more are expected to follow in the coming days as talks stall.\n";

    @Test
    void aFileWrittenInTwoPartsThreeSecondsApartBecomesOneDocument() throws Exception {
        FolderIngester ingester = ingester(Duration.ofSeconds(5));
        Path file = seeds.resolve("article.txt");
        write(file, PART_1);
        for (int second = 0; second < 3; second++) { // scans every second while the writer pauses
            assertEquals(0, ingester.scan());
            clock.advance(Duration.ofSeconds(1));
        }
        write(file, PART_2, StandardOpenOption.APPEND);
        for (int second = 0; second < 4; second++) {
            assertEquals(0, ingester.scan(), "still settling");
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, ingester.scan());
        for (int second = 0; second < 10; second++) {
            clock.advance(Duration.ofSeconds(1));
            assertEquals(0, ingester.scan());
        }
        assertEquals(1, published.size());
        assertTrue(published.getFirst().body().contains("coming days"), published.getFirst().body());
    }

    @Test
    void filesLeftAloneLongerThanTheSettleTimeAreIngestedOnTheFirstScan() throws Exception {
        Path file = seeds.resolve("old.txt");
        write(file, PART_1 + PART_2);
        clock.advance(Duration.ofMinutes(10)); // e.g. the seeds folder at start
        assertEquals(1, ingester(Duration.ofSeconds(5)).scan());
    }

    @Test
    void aFileWithAModificationTimeInTheFutureIsIngestedOnceUnchangedForTheSettleTime() throws Exception {
        FolderIngester ingester = ingester(Duration.ofSeconds(5));
        Path file = seeds.resolve("skewed.txt");
        Files.writeString(file, PART_1 + PART_2);
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().plus(Duration.ofHours(1)))); // a clock that runs ahead
        assertEquals(0, ingester.scan());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(0, ingester.scan());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(1, ingester.scan());
    }

    @Test
    void temporaryAndHiddenNamesAreNeverIngestedAndTheRenamedFileIs() throws Exception {
        FolderIngester ingester = ingester(Duration.ofSeconds(5));
        for (String name : List.of("a.txt.tmp", "b.txt.part", "c.txt~", ".#d.txt", ".hidden.txt")) {
            write(seeds.resolve(name), PART_1 + PART_2);
        }
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, ingester.scan());
        Files.move(seeds.resolve("a.txt.tmp"), seeds.resolve("a.txt")); // write then rename
        assertEquals(1, ingester.scan());
        assertEquals(seeds.resolve("a.txt").toString(), published.getFirst().location());
    }

    @Test
    void aSymlinkLoopIsWarnedOnceNotOnEveryScan() throws Exception {
        Files.createDirectories(seeds.resolve("sub"));
        Files.createSymbolicLink(seeds.resolve("sub/loop"), seeds);
        List<String> warnings = capture(() -> {
            FolderIngester ingester = ingester(Duration.ZERO);
            for (int i = 0; i < 5; i++) {
                ingester.scan();
            }
        });
        assertEquals(1, warnings.stream().filter(w -> w.contains("loops back")).count(), warnings.toString());
    }

    @Test
    void fileNamesWithControlCharactersAreLoggedOnOneLine() throws Exception {
        Path file = seeds.resolve("evil\nINFO forged line\u001b[31m.txt");
        write(file, ""); // empty: refused, with its name in the message
        clock.advance(Duration.ofMinutes(1));
        List<String> warnings = capture(() -> ingester(Duration.ofSeconds(5)).scan());
        assertEquals(1, warnings.size(), warnings.toString());
        assertFalse(warnings.getFirst().contains("\n") || warnings.getFirst().contains("\u001b"), warnings.getFirst());
        assertTrue(warnings.getFirst().contains("evil\\nINFO forged line\\u001b[31m.txt"), warnings.getFirst());
        assertEquals("a\\\\b\\tc", LogSafe.text("a\\b\tc"));
    }

    @Test
    void whileKafkaIsAwayTheWaitingFilesAreReportedForTheOneOutageLineNotLoggedHere() throws Exception {
        KafkaOutage outage = new KafkaOutage();
        FolderIngester ingester = new FolderIngester(seeds, new DocumentFileReader(), document -> {
            throw new SinkUnavailableException("Topic newswatch.documents not present in metadata after 10000 ms.", null);
        }, metrics, clock, Duration.ofSeconds(10), Duration.ZERO, outage);
        write(seeds.resolve("a.txt"), PART_1 + PART_2);
        write(seeds.resolve("b.txt"), "Sanctions imposed\n\nThe council imposed new sanctions on the regime on Friday.\n");

        List<String> warnings = capture(ingester::scan);

        assertEquals(List.of(), warnings, "Kafka being away is TopicCreator's line to log");
        assertEquals("file intake: 2 file(s) in " + seeds, outage.summary());
    }

    @Test
    void aRealProducerFailureIsStillLoggedHereEvenWithAnOutageReporter() throws Exception {
        KafkaOutage outage = new KafkaOutage();
        outage.waiting("file intake", "from an earlier outage");
        FolderIngester ingester = new FolderIngester(seeds, new DocumentFileReader(), document -> {
            throw new org.apache.kafka.common.errors.RecordTooLargeException("The message is 2097240 bytes when serialized");
        }, metrics, clock, Duration.ofSeconds(10), Duration.ZERO, outage);
        write(seeds.resolve("a.txt"), PART_1 + PART_2);

        List<String> warnings = capture(ingester::scan);

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.getFirst().contains("cannot publish documents from") && warnings.getFirst().contains("2097240 bytes"),
                warnings.getFirst());
        assertTrue(outage.isEmpty(), "not a wait for Kafka: " + outage.summary());
    }

    /** Log lines of FolderIngester (JBoss Logging goes to java.util.logging in plain tests), formatted. */
    static List<String> capture(Runnable action) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(FolderIngester.class.getName());
        Handler handler = new Handler() {
            @Override public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return lines;
    }
}
