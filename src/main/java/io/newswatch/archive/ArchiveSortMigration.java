package io.newswatch.archive;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SlowCodecReaderWrapper;
import org.apache.lucene.index.SortingCodecReader;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;

/**
 * Rewrites an archive written before records were stored newest first ({@link ArchiveIndex#INDEX_SORT})
 * into that order, once, when the daemon opens it for writing: Lucene cannot change the order of an
 * existing index in place. The sorted copy is written beside the archive ({@code <folder>.sorting},
 * renamed {@code <folder>.sorted} when complete, with the same Kafka offsets in its commit), then
 * swapped in by renames; a crash at any step is completed or undone on the next start, and the old
 * archive is deleted only after the sorted one is in place.
 */
final class ArchiveSortMigration {
    private ArchiveSortMigration() {}

    static void sortIfNeeded(Path folder) throws IOException {
        Path sorting = sibling(folder, ".sorting");
        Path sorted = sibling(folder, ".sorted");
        Path unsorted = sibling(folder, ".unsorted");
        deleteTree(sorting); // an interrupted copy: start it again
        if (Files.isDirectory(sorted)) {
            swap(folder, sorted, unsorted);
            return;
        }
        if (!Files.exists(folder) && Files.isDirectory(unsorted)) {
            Files.move(unsorted, folder, StandardCopyOption.ATOMIC_MOVE); // the swap was not begun: undo
        }
        deleteTree(unsorted);
        if (!Files.isDirectory(folder) || !needsSorting(folder)) {
            return;
        }
        try (Directory old = FSDirectory.open(folder);
             Lock lock = old.obtainLock(IndexWriter.WRITE_LOCK_NAME);
             DirectoryReader reader = DirectoryReader.open(old);
             Directory copy = FSDirectory.open(sorting)) {
            lock.ensureValid();
            IndexWriterConfig config = ArchiveIndex.writerConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            try (IndexWriter writer = new IndexWriter(copy, config)) {
                List<CodecReader> leaves = new ArrayList<>();
                for (LeafReaderContext leaf : reader.leaves()) {
                    // Each segment sorted on its own, then merged in order (addIndexes refuses unsorted segments).
                    leaves.add(SortingCodecReader.wrap(SlowCodecReaderWrapper.wrap(leaf.reader()), ArchiveIndex.INDEX_SORT));
                }
                writer.addIndexes(leaves.toArray(CodecReader[]::new));
                writer.setLiveCommitData(reader.getIndexCommit().getUserData().entrySet());
                writer.commit();
            }
        }
        Files.move(sorting, sorted, StandardCopyOption.ATOMIC_MOVE);
        swap(folder, sorted, unsorted);
    }

    /** Whether the last commit has a segment not stored in {@link ArchiveIndex#INDEX_SORT} order. */
    static boolean needsSorting(Path folder) throws IOException {
        try (Directory directory = FSDirectory.open(folder)) {
            if (!DirectoryReader.indexExists(directory)) {
                return false;
            }
            for (SegmentCommitInfo segment : SegmentInfos.readLatestCommit(directory)) {
                if (!ArchiveIndex.INDEX_SORT.equals(segment.info.getIndexSort())) {
                    return true;
                }
            }
            return false;
        }
    }

    private static void swap(Path folder, Path sorted, Path unsorted) throws IOException {
        if (Files.exists(folder)) {
            Files.move(folder, unsorted, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(sorted, folder, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(unsorted);
    }

    private static Path sibling(Path folder, String suffix) {
        Path absolute = folder.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + suffix);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
