package io.newswatch.archive;

import io.newswatch.alerts.Alert;
import io.newswatch.matching.NewsAnalyzer;
import io.newswatch.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The archive's Lucene index in one folder: written by one {@link IndexWriter} (the daemon's
 * archiver thread) or opened read-only (the {@code backtest} command beside a running or stopped
 * daemon, which sees the last commit).
 *
 * <p>Crash safety comes from Lucene's commit: {@link #commit(Map)} makes the records added since
 * the last commit durable together with the Kafka offsets they were read up to, in the commit's
 * user data, atomically. After a crash the index is the last commit, and {@link #committedOffsets()}
 * says where to resume reading; records are keyed ({@link ArchiveSchema#KEY}), so reading a record
 * again replaces it rather than adding it twice.
 */
public final class ArchiveIndex implements AutoCloseable {
    static final String OFFSETS = "kafka.offsets";

    private final Path folder;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private ArchiveIndex(Path folder, Directory directory, IndexWriter writer, SearcherManager searchers) {
        this.folder = folder;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /**
     * The order records are stored in: newest first ({@link ArchiveSchema#TIME} descending), then by
     * key, the order of newest-first listings. A newest-first search can stop after its page
     * instead of visiting every match.
     */
    static final Sort INDEX_SORT = new Sort(new SortField(ArchiveSchema.TIME, SortField.Type.LONG, true),
            new SortField(ArchiveSchema.KEY, SortField.Type.STRING));

    /** Opens (creating if needed) the archive for writing; fails if another process writes it. */
    public static ArchiveIndex openForWriting(Path folder) throws IOException {
        Files.createDirectories(folder.toAbsolutePath().getParent());
        ArchiveSortMigration.sortIfNeeded(folder);
        Files.createDirectories(folder);
        Directory directory = FSDirectory.open(folder);
        try {
            IndexWriter writer = new IndexWriter(directory, writerConfig());
            if (!DirectoryReader.indexExists(directory)) {
                writer.commit();
            }
            return new ArchiveIndex(folder, directory, writer, new SearcherManager(writer, new SearcherFactory()));
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** Opens the last commit of an archive for reading only; {@link ArchiveMissingException} when there is none. */
    public static ArchiveIndex openReadOnly(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new ArchiveMissingException(folder);
        }
        Directory directory = FSDirectory.open(folder);
        try {
            return new ArchiveIndex(folder, directory, null, new SearcherManager(directory, new SearcherFactory()));
        } catch (IndexNotFoundException | NoSuchFileException e) {
            directory.close();
            throw new ArchiveMissingException(folder);
        }
    }

    /** How the archive is written: the matcher's analyzers, records sorted by {@link #INDEX_SORT}. */
    static IndexWriterConfig writerConfig() {
        return new IndexWriterConfig(NewsAnalyzer.perField())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setIndexSort(INDEX_SORT)
                .setRAMBufferSizeMB(64)
                .setCommitOnClose(false);
    }

    public Path folder() {
        return folder;
    }

    public boolean isWritable() {
        return writer != null;
    }

    /** Adds or replaces a document (by id). Visible to searches after the next {@link #refresh()} or {@link #commit}. */
    public void put(Document document, Instant archived) throws IOException {
        requireWriter().updateDocument(ArchiveSchema.documentKey(document.id()), ArchiveSchema.toLucene(document, archived));
    }

    /** Adds or replaces an alert (by alert id). */
    public void put(Alert alert) throws IOException {
        requireWriter().updateDocument(ArchiveSchema.documentKey(alert.id()), ArchiveSchema.toLucene(alert));
    }

    /** Records (or moves) a document's membership of a story. */
    public void putStoryMembership(String storyId, String documentId, Instant time) throws IOException {
        requireWriter().updateDocument(ArchiveSchema.documentKey(ArchiveSchema.storyKey(documentId)),
                ArchiveSchema.storyMembership(storyId, documentId, time));
    }

    /** Records that story {@code absorbed} was merged into story {@code survivor} (searches by either id find both's documents). */
    public void putStoryMerge(String absorbed, String survivor, Instant time) throws IOException {
        requireWriter().updateDocument(ArchiveSchema.documentKey(ArchiveSchema.mergeKey(absorbed)),
                ArchiveSchema.storyMerge(absorbed, survivor, time));
    }

    public void delete(Query query) throws IOException {
        requireWriter().deleteDocuments(query);
    }

    /** Makes everything added so far durable, with the offsets it was read up to, and visible to searches. */
    public void commit(Map<String, Long> offsets) throws IOException {
        IndexWriter w = requireWriter();
        Map<String, String> data = new HashMap<>();
        data.put(OFFSETS, KafkaOffsets.format(offsets));
        w.setLiveCommitData(data.entrySet());
        w.commit();
        searchers.maybeRefresh();
    }

    /** Makes what was added visible to searches without a commit (not durable). */
    public void refresh() throws IOException {
        searchers.maybeRefresh();
    }

    /** The offsets stored with the last commit ({@code topic:partition} to next offset to read); empty for a new archive. */
    public Map<String, Long> committedOffsets() throws IOException {
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        return KafkaOffsets.parse(data.getOrDefault(OFFSETS, ""));
    }

    /** Bytes the index takes on disk now (all files of the folder, including ones a merge is about to delete). */
    public long sizeOnDisk() throws IOException {
        long total = 0;
        for (String file : directory.listAll()) {
            try {
                total += directory.fileLength(file);
            } catch (NoSuchFileException e) {
                // deleted by a merge meanwhile
            }
        }
        return total;
    }

    /** Lets merges reclaim the space of deleted records (after a size-driven deletion). */
    public void reclaimDeleted() throws IOException {
        requireWriter().forceMergeDeletes(false);
    }

    /** Runs {@code search} on a point-in-time searcher. */
    public <T> T search(SearchFunction<T> search) throws IOException {
        if (writer == null) {
            searchers.maybeRefresh();
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            return search.apply(searcher);
        } finally {
            searchers.release(searcher);
        }
    }

    @FunctionalInterface
    public interface SearchFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private IndexWriter requireWriter() {
        if (writer == null) {
            throw new IllegalStateException("the archive at " + folder + " is open read-only");
        }
        return writer;
    }

    /** Closes without committing: what was not committed is read again from Kafka on the next start. */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            if (writer != null) {
                writer.rollback();
            }
        } finally {
            directory.close();
        }
    }

    /** The offsets map in commit user data: {@code topic:partition=offset,...}, sorted. Topic names cannot hold ':', '=' or ','. */
    static final class KafkaOffsets {
        private KafkaOffsets() {}

        static String format(Map<String, Long> offsets) {
            StringBuilder out = new StringBuilder();
            new TreeMap<>(offsets).forEach((k, v) -> out.append(out.isEmpty() ? "" : ",").append(k).append('=').append(v));
            return out.toString();
        }

        static Map<String, Long> parse(String text) {
            Map<String, Long> offsets = new TreeMap<>();
            for (String entry : List.of(text.split(","))) {
                int eq = entry.lastIndexOf('=');
                if (eq > 0) {
                    offsets.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
                }
            }
            return offsets;
        }
    }
}
