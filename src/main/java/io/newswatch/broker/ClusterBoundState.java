package io.newswatch.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps a local state directory (Kafka Streams' {@code state.dir}) bound to the Kafka cluster it was
 * built from, by the cluster id recorded in a file beside it ({@code <dir>.cluster-id}).
 *
 * <p>Kafka Streams' local stores and checkpoints are a cache of changelog topics. When the broker's
 * storage is new (an operator removed {@code data/kafka} but kept {@code data/streams}) the
 * checkpoints name offsets that the new topics never had: Kafka Streams then warns per task that
 * it is "probably corrupted" (or reports a {@code TaskCorruptedException} with a stack trace) and
 * wipes the stores itself. Clearing the directory before Kafka Streams starts gives the same result
 * without the alarm: the stores are rebuilt from the (new, empty) topics. A directory with no recorded id (state from a
 * version without this check) is cleared only when the cluster is new too; otherwise it is kept and
 * bound to the current cluster.
 */
public final class ClusterBoundState {
    private final Path dir;
    private final Path idFile;

    public ClusterBoundState(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.idFile = this.dir.resolveSibling(this.dir.getFileName() + ".cluster-id");
    }

    /** What {@link #bindTo} did. */
    public enum Outcome {
        /** The directory was built from this cluster, or was empty or absent: nothing changed. */
        KEPT,
        /** The directory was built from another cluster and has been emptied. */
        CLEARED
    }

    /**
     * Empties the directory if it was built from a cluster other than {@code clusterId} (or, with no
     * cluster recorded, if that cluster is {@code newCluster}: its storage was formatted just now),
     * then records {@code clusterId} as its cluster.
     *
     * @throws IOException if the directory cannot be emptied or the id cannot be written
     */
    public Outcome bindTo(String clusterId, boolean newCluster) throws IOException {
        Optional<String> recorded = recordedClusterId();
        boolean foreign = recorded.map(id -> !id.equals(clusterId)).orElse(newCluster);
        Outcome outcome = Outcome.KEPT;
        if (foreign && hasContent()) {
            clear();
            outcome = Outcome.CLEARED;
        }
        if (!recorded.equals(Optional.of(clusterId))) {
            Files.createDirectories(idFile.getParent());
            Path tmp = idFile.resolveSibling(idFile.getFileName() + ".tmp");
            Files.writeString(tmp, clusterId + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, idFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return outcome;
    }

    /** The cluster id recorded for the directory, if any. */
    public Optional<String> recordedClusterId() throws IOException {
        try {
            String id = Files.readString(idFile, StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    public Path dir() {
        return dir;
    }

    private boolean hasContent() throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    /** Deletes everything inside the directory, deepest first, keeping the directory itself. */
    private void clear() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        }
    }
}
