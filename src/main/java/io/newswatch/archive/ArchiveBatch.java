package io.newswatch.archive;

import io.newswatch.alerts.Alert;
import io.newswatch.document.Document;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.BytesRef;

/**
 * The records the archiver read since its last index commit, written to the index together just
 * before the commit, in the index's own order ({@link ArchiveIndex#INDEX_SORT}: newest first, then
 * by key). Records arrive roughly oldest first; written as they arrive, every flushed segment had to
 * be re-sorted by Lucene (postings, norms, doc values), which cost about a fifth of the archive's
 * write CPU. Written in order, Lucene finds each segment already sorted and skips that. The order is
 * only a saving: Lucene checks it and sorts whatever is not in order, so the index is the same.
 *
 * <p>A key read twice in one batch keeps its last record, as two keyed updates would. Not
 * thread-safe: the archiver's thread only.
 */
final class ArchiveBatch {
    /** One record: how to write it, and where it goes in the index order. */
    private record Pending(long time, BytesRef key, Write write) {}

    @FunctionalInterface
    private interface Write {
        void to(ArchiveIndex index) throws IOException;
    }

    private static final Comparator<Pending> INDEX_ORDER = Comparator.comparingLong(Pending::time).reversed()
            .thenComparing(Pending::key);

    private final Map<String, Pending> byKey = new HashMap<>();

    void add(Document document, Instant archived) {
        put(document.id(), ArchiveSchema.time(document, archived), index -> index.put(document, archived));
    }

    void add(Alert alert) {
        put(alert.id(), alert.time(), index -> index.put(alert));
    }

    void addStoryMembership(String storyId, String documentId, Instant time) {
        put(ArchiveSchema.storyKey(documentId), time, index -> index.putStoryMembership(storyId, documentId, time));
    }

    void addStoryMerge(String absorbed, String survivor, Instant time) {
        put(ArchiveSchema.mergeKey(absorbed), time, index -> index.putStoryMerge(absorbed, survivor, time));
    }

    private void put(String key, Instant time, Write write) {
        byKey.put(key, new Pending(time.toEpochMilli(), new BytesRef(key), write));
    }

    int size() {
        return byKey.size();
    }

    /** The keys in the order {@link #writeTo} writes them. */
    List<String> keys() {
        return inIndexOrder().stream().map(p -> p.key().utf8ToString()).toList();
    }

    /** Writes every record to {@code index} in the index's order and empties the batch (also when a write fails). */
    void writeTo(ArchiveIndex index) throws IOException {
        if (byKey.isEmpty()) {
            return;
        }
        List<Pending> records = inIndexOrder();
        byKey.clear();
        for (Pending record : records) {
            record.write().to(index);
        }
    }

    private List<Pending> inIndexOrder() {
        List<Pending> records = new ArrayList<>(byKey.values());
        records.sort(INDEX_ORDER);
        return records;
    }
}
