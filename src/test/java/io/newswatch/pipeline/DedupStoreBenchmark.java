package io.newswatch.pipeline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.document.DocumentJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;

/**
 * Size of the processed-documents store per million documents: runs {@link DeduplicateDocuments}
 * on its persistent RocksDB store (as in the daemon) over N distinct document ids, then prints the
 * store's bytes on disk after a flush, the changelog bytes it would write (key + value per id),
 * heap growth and CPU time. Prints figures; not a test.
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
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertTopology.SEEN_STORE),
                Serdes.String(), SeenDocument.serde()));
        PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
        builder.stream("documents", Consumed.with(Serdes.String(), DocumentJson.serde()))
                .process(() -> new DeduplicateDocuments(metrics, AlertTopology.DEFAULT_DEDUP_RETENTION), AlertTopology.SEEN_STORE);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        long changelogBytes = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, byte[]> input = driver.createInputTopic("documents", new StringSerializer(),
                    (topic, bytes) -> bytes);
            for (int i = 0; i < documents; i++) {
                String id = DocumentIds.forText("document " + i);
                Document d = new Document(id, "file", "seeds/" + i + ".txt", "t", "b", start, "en", start, List.of(), List.of());
                input.pipeInput(id, DocumentJson.write(d), start.plusMillis(i));
                changelogBytes += id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + Long.BYTES + d.location().length();
            }
            System.gc();
            long heapAfter = runtime.totalMemory() - runtime.freeMemory();
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            driver.getKeyValueStore(AlertTopology.SEEN_STORE).flush();
            long disk = size(stateDir);
            double perMillion = 1_000_000.0 / documents;
            System.out.printf("dedup store: %,d distinct document ids in %.1f s wall, %.1f s CPU (%.1f µs CPU per document)%n",
                    documents, wall, cpu / 1e9, cpu / 1e3 / documents);
            System.out.printf("  RocksDB on disk after flush: %,d bytes = %.0f bytes per document = %.1f MB per million%n",
                    disk, (double) disk / documents, disk * perMillion / 1e6);
            System.out.printf("  changelog payload (key + value): %.0f bytes per document = %.1f MB per million (plus Kafka record overhead)%n",
                    (double) changelogBytes / documents, changelogBytes * perMillion / 1e6);
            System.out.printf("  heap growth: %.1f MB (RocksDB memtables and block cache are off-heap)%n",
                    (heapAfter - heapBefore) / 1e6);
        }
        deleteRecursively(stateDir);
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
