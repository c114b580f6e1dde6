package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.alert;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveIndexTest {
    @TempDir Path dir;

    @Test
    void aDocumentArchivedTwiceIsThereOnce() throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            index.put(document("d1", "Troops move", "Troops were deployed to the border.", T0), T0);
            index.commit(Map.of("newswatch.documents:0", 1L));
            index.put(document("d1", "Troops move", "Troops were deployed to the border.", T0), T0);
            index.commit(Map.of("newswatch.documents:0", 2L));
            SearchPage page = ArchiveFixture.searcher(index).search(new SearchRequest("troops", null, null, null, null,
                    SearchRequest.Order.NEWEST, 10, null));
            assertEquals(1, page.total());
        }
    }

    @Test
    void theOffsetsCommittedWithTheIndexAreReadBackAfterReopening() throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            assertEquals(Map.of(), index.committedOffsets());
            index.put(document("d1", "A", "troops", T0), T0);
            index.commit(Map.of("newswatch.documents:0", 7L, "newswatch.alerts:2", 3L));
        }
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            assertEquals(Map.of("newswatch.documents:0", 7L, "newswatch.alerts:2", 3L), index.committedOffsets());
        }
    }

    @Test
    void whatWasNotCommittedIsGoneAfterACrashAndTheOffsetsSayWhereToReadAgain() throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            index.put(document("d1", "A", "troops", T0), T0);
            index.commit(Map.of("newswatch.documents:0", 1L));
            index.put(document("d2", "B", "troops", T0), T0);
            // closed without commit, as a kill -9 leaves it
        }
        try (ArchiveIndex index = ArchiveIndex.openReadOnly(dir)) {
            assertEquals(Map.of("newswatch.documents:0", 1L), index.committedOffsets());
            assertEquals(1, ArchiveFixture.searcher(index).search(new SearchRequest("troops", null, null, null, null,
                    SearchRequest.Order.NEWEST, 10, null)).total());
        }
    }

    @Test
    void anAlertIsShownWithItsDocumentWhetherItArrivedBeforeOrAfterIt() throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            index.put(alert("treaty", "early", 1.5, T0));
            index.put(document("early", "Treaty", "A treaty was signed.", T0), T0);
            index.put(document("late", "Treaty", "Another treaty was signed.", T0.plusSeconds(60)), T0);
            index.put(alert("treaty", "late", 2.0, T0.plusSeconds(61)));
            index.put(alert("treaty", "late", 2.0, T0.plusSeconds(61)));
            index.commit(Map.of());
            SearchPage page = ArchiveFixture.searcher(index).search(new SearchRequest("treaty", null, null, null, null,
                    SearchRequest.Order.NEWEST, 10, null));
            assertEquals(List.of("late", "early"), page.hits().stream().map(ArchivedHit::id).toList());
            assertEquals(List.of("treaty"), page.hits().get(0).alerts().stream().map(ArchivedHit.AlertRef::rule).toList());
            assertEquals(List.of("treaty"), page.hits().get(1).alerts().stream().map(ArchivedHit.AlertRef::rule).toList());
            assertEquals(2, ArchiveFixture.searcher(index).alerts("treaty", null, null, 10, null).total());
        }
    }

    @Test
    void aReadOnlyOpenOfAFolderWithoutAnArchiveSaysWhatToDo() {
        ArchiveMissingException e = assertThrows(ArchiveMissingException.class, () -> ArchiveIndex.openReadOnly(dir.resolve("none")));
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
    }
}
