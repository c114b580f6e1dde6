package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.alert;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRetentionTest {
    @TempDir Path dir;

    private static long count(ArchiveIndex index, String query) throws Exception {
        return ArchiveFixture.searcher(index).search(new SearchRequest(query, null, null, null, null, SearchRequest.Order.NEWEST, 10, null)).total();
    }

    @Test
    void documentsAndAlertsIngestedBeforeTheRetentionAreDeletedAndTheRestKept() throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            for (int day = 0; day < 10; day++) {
                Instant at = T0.plus(Duration.ofDays(day));
                index.put(document("d" + day, "Day " + day, "troops on day " + day, at), at);
                index.put(alert("troops", "d" + day, 1, at));
            }
            index.commit(Map.of());
            ArchiveRetention retention = new ArchiveRetention(Duration.ofDays(3), Optional.empty());
            assertTrue(retention.apply(index, T0.plus(Duration.ofDays(10))));
            index.commit(Map.of());
            assertEquals(3, count(index, "troops"));
            assertEquals(3, ArchiveFixture.searcher(index).alerts("troops", null, null, 10, null).total());
            assertFalse(retention.apply(index, T0.plus(Duration.ofDays(10))));
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void overTheSizeLimitTheOldestGoFirstUntilItFits() throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            String body = "troops ".repeat(2000);
            for (int i = 0; i < 200; i++) {
                Instant at = T0.plusSeconds(i);
                index.put(document("d" + i, "Doc " + i, body + i + " unique" + i, at), at);
            }
            index.commit(Map.of());
            long size = index.sizeOnDisk();
            ArchiveRetention retention = new ArchiveRetention(Duration.ofDays(365), Optional.of(size / 2));
            assertTrue(retention.apply(index, T0.plusSeconds(300)));
            index.commit(Map.of());
            long left = count(index, "troops");
            // half over the limit: half the records, plus the margin, go
            assertTrue(left >= 80 && left <= 100, "left " + left);
            // the newest survive, the oldest are gone
            assertEquals(1, count(index, "unique199"));
            assertEquals(0, count(index, "unique0"));
            // The merge that reclaims the deleted records' space runs in the background (the retention does not wait for
            // it), and until it ends and a commit lets go of the old segments the folder holds both: the space is freed
            // within a while, not at once.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long now;
            do {
                index.refresh();
                index.commit(Map.of());
                now = index.sizeOnDisk();
            } while (now >= size && System.nanoTime() < deadline && sleep(50));
            assertTrue(now < size, "size " + now + " of " + size + " 30 s after the deletion");
        }
    }
}
