package io.newswatch.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Size of the processed-documents store per million documents: runs the real
 * {@link DeduplicateDocuments} processor on its persistent RocksDB store (as in the daemon, minus
 * the changelog, whose payload is counted instead) over N distinct document ids, driven directly
 * through a {@link MockProcessorContext} (TopologyTestDriver's per-record overhead made a million
 * documents take too long). Prints CPU time per document, bytes on disk after a flush, the process's
 * resident memory growth (RocksDB memtables and block cache are off-heap), heap growth, the
 * changelog payload, and the cost of the retention cleanup that deletes them all again.
 * Prints figures; not a test.
 *
 * <pre>
 * ./mvnw -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.newswatch.pipeline.DedupStoreBenchmark [-Dexec.args="1000000"]
 * </pre>
 */
public final class DedupStoreBenchmark {
    private DedupStoreBenchmark() {}

    public static void main(String[] args) throws IOException {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path stateDir = Files.createTempDirectory("dedup-bench");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-bench");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        MockProcessorContext<String, Document> context = new MockProcessorContext<>(config, new TaskId(0, 0), stateDir.toFile());
        KeyValueStore<String, SeenDocument> store = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(AlertTopology.SEEN_STORE), Serdes.String(), SeenDocument.serde())
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        Duration retention = AlertTopology.DEFAULT_DEDUP_RETENTION;
        DeduplicateDocuments dedup = new DeduplicateDocuments(new PipelineMetrics(new SimpleMeterRegistry()), retention);
        dedup.init(context);

        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long rssBefore = residentBytes();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        long changelogBytes = 0;
        int forwarded = 0;
        for (int i = 0; i < documents; i++) {
            // A feed item's canonical URL as its location (files have shorter ones): the store keeps it as the first name.
            String location = "https://www.example-news.org/world/2026/01/01/article-" + i;
            String id = DocumentIds.forUrl(location);
            Document d = new Document(id, "Example News", location, "t", "b", start, "en", start, List.of(), List.of());
            dedup.process(new Record<>(id, d, start.toEpochMilli() + i));
            changelogBytes += id.getBytes(StandardCharsets.UTF_8).length + SeenDocument.serde().serializer()
                    .serialize(AlertTopology.SEEN_STORE, new SeenDocument(start.toEpochMilli() + i, location)).length;
            if ((i & 0x3fff) == 0) {
                forwarded += context.forwarded().size();
                context.resetForwards();
            }
        }
        forwarded += context.forwarded().size();
        context.resetForwards();
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        store.flush();
        System.gc();
        long heapAfter = runtime.totalMemory() - runtime.freeMemory();
        long rssAfter = residentBytes();
        long disk = size(stateDir);
        double perMillion = 1_000_000.0 / documents;
        System.out.printf("dedup store: %,d distinct document ids (%,d let through) in %.1f s wall, %.1f s CPU (%.1f µs CPU per document)%n",
                documents, forwarded, wall, cpu / 1e9, cpu / 1e3 / documents);
        System.out.printf("  RocksDB on disk after flush: %,d bytes = %.0f bytes per document = %.1f MB per million%n",
                disk, (double) disk / documents, disk * perMillion / 1e6);
        System.out.printf("  changelog payload (key + value): %.0f bytes per document = %.1f MB per million (plus Kafka record overhead)%n",
                (double) changelogBytes / documents, changelogBytes * perMillion / 1e6);
        System.out.printf("  resident memory growth: %.1f MB (RocksDB memtables, block cache and index, off-heap); heap growth: %.1f MB%n",
                (rssAfter - rssBefore) / 1e6, (heapAfter - heapBefore) / 1e6);

        // Stream time moves past the retention: the punctuator deletes every id.
        var punctuator = context.scheduledPunctuators().getFirst().getPunctuator();
        long cleanupCpuBefore = threads.getCurrentThreadCpuTime();
        punctuator.punctuate(start.toEpochMilli() + documents + retention.toMillis() + 1);
        long cleanupCpu = threads.getCurrentThreadCpuTime() - cleanupCpuBefore;
        long left;
        try (var all = store.all()) {
            left = 0;
            while (all.hasNext()) {
                all.next();
                left++;
            }
        }
        store.flush();
        System.out.printf("  retention cleanup of all %,d ids: %.1f s CPU (%.1f µs per id), %,d left; on disk after it: %.1f MB "
                        + "(tombstones until RocksDB compacts)%n",
                documents, cleanupCpu / 1e9, cleanupCpu / 1e3 / documents, left, size(stateDir) / 1e6);
        store.close();
        deleteRecursively(stateDir);
    }

    /** VmRSS of this process (Linux), or 0 where /proc is missing. */
    private static long residentBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
