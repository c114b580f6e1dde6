package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.NewsAnalyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSortMigrationTest {
    @TempDir Path dir;

    @Test
    void anArchiveWrittenUnsortedIsRewrittenNewestFirstOnceKeepingItsRecordsAndOffsets() throws Exception {
        Path folder = dir.resolve("archive");
        // As an earlier version wrote it: no index sort, oldest first, with the Kafka offsets in the commit.
        try (var directory = FSDirectory.open(folder);
             IndexWriter old = new IndexWriter(directory, new IndexWriterConfig(NewsAnalyzer.perField()))) {
            for (int i = 0; i < 10; i++) {
                Instant at = T0.plus(Duration.ofHours(i));
                old.updateDocument(ArchiveSchema.documentKey("d" + i),
                        ArchiveSchema.toLucene(document("d" + i, "Report " + i, "Troops were deployed.", at), at));
            }
            old.deleteDocuments(ArchiveSchema.documentKey("d3"));
            old.setLiveCommitData(Map.of(ArchiveIndex.OFFSETS, "newswatch.documents:0=10").entrySet());
            old.commit();
        }
        assertTrue(ArchiveSortMigration.needsSorting(folder));

        try (ArchiveIndex index = ArchiveIndex.openForWriting(folder)) {
            assertEquals(Map.of("newswatch.documents:0", 10L), index.committedOffsets());
            SearchPage page = ArchiveFixture.searcher(index).search(new SearchRequest("troops", null, null, null, null,
                    SearchRequest.Order.NEWEST, 20, null));
            assertEquals(List.of("d9", "d8", "d7", "d6", "d5", "d4", "d2", "d1", "d0"), page.hits().stream().map(ArchivedHit::id).toList());
            assertEquals(9, page.total());
        }
        assertFalse(ArchiveSortMigration.needsSorting(folder));
        try (var siblings = Files.list(dir)) {
            assertEquals(List.of(folder), siblings.toList(), "no copy left beside the archive");
        }
    }
}
