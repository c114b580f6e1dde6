package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.alert;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.StoredFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveBatchTest {
    @TempDir Path dir;

    /**
     * Records added in any order (documents, alerts and story memberships, equal times among them,
     * keys whose UTF-16 and UTF-8 orders differ) are written in exactly the order Lucene's index sort
     * keeps them in: the segment's records in doc-id order are the batch's write order, so Lucene
     * had nothing to re-sort.
     */
    @Test
    void aBatchIsWrittenInTheIndexOrderSoItsSegmentNeedsNoSorting() throws Exception {
        List<Runnable> adds = new ArrayList<>();
        ArchiveBatch batch = new ArchiveBatch();
        List<String> keys = List.of("b", "a", "é", "z", "\uFF21", "\uD83D\uDE00", "A", "doc-10", "doc-9", "");
        for (int i = 0; i < 60; i++) {
            String key = keys.get(i % keys.size()) + (i / keys.size());
            java.time.Instant time = T0.plusSeconds(i % 7); // many equal times: the key decides
            switch (i % 3) {
                case 0 -> adds.add(() -> batch.add(document(key, "Troops " + key, "Troops were deployed.", time), time));
                case 1 -> adds.add(() -> batch.add(alert("rule-" + key, key, 1.0, time)));
                default -> adds.add(() -> batch.addStoryMembership("story-" + key, key, time));
            }
        }
        Collections.shuffle(adds, new Random(7));
        adds.forEach(Runnable::run);
        List<String> writeOrder = batch.keys();
        assertEquals(60, writeOrder.size());
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            batch.writeTo(index);
            assertEquals(0, batch.size(), "written and emptied");
            index.commit(Map.of("newswatch.documents:0", 60L));
            assertEquals(writeOrder, index.search(searcher -> {
                assertEquals(1, searcher.getIndexReader().leaves().size());
                LeafReader segment = searcher.getIndexReader().leaves().getFirst().reader();
                StoredFields stored = segment.storedFields();
                List<String> inSegment = new ArrayList<>();
                for (int doc = 0; doc < segment.maxDoc(); doc++) {
                    inSegment.add(stored.document(doc).get(ArchiveSchema.KEY));
                }
                return inSegment;
            }));
        }
    }

    @Test
    void aKeyAddedTwiceInOneBatchKeepsItsLastRecordAsTwoUpdatesWould() throws Exception {
        ArchiveBatch batch = new ArchiveBatch();
        batch.add(document("d1", "Troops move", "Troops were deployed to the border.", T0), T0);
        batch.add(document("d1", "Sanctions", "Sanctions were announced.", T0.plusSeconds(60)), T0);
        assertEquals(1, batch.size());
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            batch.writeTo(index);
            index.commit(Map.of("newswatch.documents:0", 2L));
            ArchiveSearcher searcher = ArchiveFixture.searcher(index);
            assertEquals(0, searcher.search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 10, null)).total());
            SearchPage page = searcher.search(new SearchRequest("sanctions", null, null, null, null, SearchRequest.Order.NEWEST, 10, null));
            assertEquals(1, page.total());
            assertEquals("d1", page.hits().getFirst().id());
        }
    }
}
