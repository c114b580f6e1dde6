package io.newswatch.archive;

import io.newswatch.document.Document;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The archive's write cost per document, as the archiver pays it: documents of the real-news
 * corpus written one by one through {@link ArchiveIndex} on one thread, with an index commit (Kafka
 * offsets in its user data, as the archiver commits) every {@code commit-every} documents, which is
 * what a one-second commit interval gives at that many documents per second. Reported per document:
 * the writing thread's CPU (analysis, indexing, flushes, commits) and the whole process's CPU (merges, GC and JIT
 * included; merges still running when the run ends are abandoned, as the archive's close does),
 * all thread/process CPU time, so the figures hold on a loaded machine. Not a test: it prints figures.
 *
 * <p>Arguments ({@code name=value}): {@code documents} per run (default 20,000; copies of the corpus get
 * their sentences rotated and new ids, as in {@link ArchiveBenchmark}), {@code commit-every} (default
 * 150), {@code rounds} (default 3; each round runs every variant, so variants are interleaved),
 * {@code variants} (comma-separated names of {@link #VARIANTS}; default all), {@code folder} (default a
 * temporary folder; each run starts empty and is deleted). {@code -Dnewswatch.benchmark.profile=/tmp/p}
 * records a JFR profile per variant (last round).
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) io.newswatch.archive.ArchiveWriteBenchmark documents=20000
 * </pre>
 */
public final class ArchiveWriteBenchmark {
    /** Where a run writes: the archive itself, or a copy of its writing with one thing done the earlier way. */
    interface Writer extends AutoCloseable {
        void put(Document document, Instant archived) throws java.io.IOException;

        void commit(long offset) throws java.io.IOException;

        long sizeOnDisk() throws java.io.IOException;

        int segments() throws java.io.IOException;

        @Override
        void close() throws java.io.IOException;
    }

    static final Map<String, java.util.function.Function<Path, Writer>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("archive", ArchiveWriteBenchmark::archive);
        VARIANTS.put("archive-reversed-batches", folder -> reversedBatches(archive(folder)));
        // Round four's document building: the matcher's fields analysed by the per-field analyzer (each text cut once per field).
        VARIANTS.put("analysed-per-field", folder -> lucene(folder, d -> {
            org.apache.lucene.document.Document lucene = ArchiveSchema.toLucene(d, d.ingested());
            for (org.apache.lucene.index.IndexableField f : io.newswatch.matching.Fields.toLucene(d)) {
                lucene.removeFields(f.name());
            }
            org.apache.lucene.document.Document out = io.newswatch.matching.Fields.toLucene(d);
            lucene.forEach(out::add);
            return out;
        }));
    }

    /** Each commit's documents written newest first (this benchmark's documents arrive oldest first). */
    private static Writer reversedBatches(Writer writer) {
        List<Object[]> batch = new ArrayList<>();
        return new Writer() {
            @Override
            public void put(Document document, Instant archived) {
                batch.add(new Object[] {document, archived});
            }

            @Override
            public void commit(long offset) throws java.io.IOException {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    writer.put((Document) batch.get(i)[0], (Instant) batch.get(i)[1]);
                }
                batch.clear();
                writer.commit(offset);
            }

            @Override
            public long sizeOnDisk() throws java.io.IOException {
                return writer.sizeOnDisk();
            }

            @Override
            public int segments() throws java.io.IOException {
                return writer.segments();
            }

            @Override
            public void close() throws java.io.IOException {
                writer.close();
            }
        };
    }

    /** The archive as the archiver writes it. */
    private static Writer archive(Path folder) {
        try {
            ArchiveIndex index = ArchiveIndex.openForWriting(folder);
            return new Writer() {
                @Override
                public void put(Document document, Instant archived) throws java.io.IOException {
                    index.put(document, archived);
                }

                @Override
                public void commit(long offset) throws java.io.IOException {
                    index.commit(Map.of("newswatch.documents:0", offset));
                }

                @Override
                public long sizeOnDisk() throws java.io.IOException {
                    return index.sizeOnDisk();
                }

                @Override
                public int segments() throws java.io.IOException {
                    return index.search(s -> s.getIndexReader().leaves().size());
                }

                @Override
                public void close() throws java.io.IOException {
                    index.close();
                }
            };
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What {@link ArchiveIndex} does (same writer settings, keyed updates, commit with offsets, searcher refresh), building documents with {@code build}. */
    private static Writer lucene(Path folder, java.util.function.Function<Document, org.apache.lucene.document.Document> build) {
        try {
            Files.createDirectories(folder);
            org.apache.lucene.store.Directory directory = org.apache.lucene.store.FSDirectory.open(folder);
            org.apache.lucene.index.IndexWriter writer = new org.apache.lucene.index.IndexWriter(directory, ArchiveIndex.writerConfig());
            org.apache.lucene.search.SearcherManager searchers = new org.apache.lucene.search.SearcherManager(writer, null);
            return new Writer() {
                @Override
                public void put(Document document, Instant archived) throws java.io.IOException {
                    writer.updateDocument(ArchiveSchema.documentKey(document.id()), build.apply(document));
                }

                @Override
                public void commit(long offset) throws java.io.IOException {
                    writer.setLiveCommitData(Map.of(ArchiveIndex.OFFSETS, "newswatch.documents:0=" + offset).entrySet());
                    writer.commit();
                    searchers.maybeRefresh();
                }

                @Override
                public long sizeOnDisk() throws java.io.IOException {
                    long total = 0;
                    for (String file : directory.listAll()) {
                        try {
                            total += directory.fileLength(file);
                        } catch (java.nio.file.NoSuchFileException e) {
                            // merged away meanwhile
                        }
                    }
                    return total;
                }

                @Override
                public int segments() throws java.io.IOException {
                    searchers.maybeRefresh();
                    org.apache.lucene.search.IndexSearcher searcher = searchers.acquire();
                    try {
                        return searcher.getIndexReader().leaves().size();
                    } finally {
                        searchers.release(searcher);
                    }
                }

                @Override
                public void close() throws java.io.IOException {
                    searchers.close();
                    writer.rollback();
                    directory.close();
                }
            };
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ArchiveWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are name=value (documents, commit-every, rounds, variants, folder), got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int documents = Integer.parseInt(options.getOrDefault("documents", "20000"));
        List<Integer> commitEveryList = java.util.Arrays.stream(options.getOrDefault("commit-every", "150").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        List<String> variants = List.of(options.getOrDefault("variants", String.join(",", VARIANTS.keySet())).split(","));
        for (String v : variants) {
            if (!VARIANTS.containsKey(v)) {
                throw new IllegalArgumentException("unknown variant " + v + "; known: " + VARIANTS.keySet());
            }
        }
        List<Document> corpus = ArchiveBenchmark.realNews();
        System.out.printf("archive write benchmark: %,d documents per run, a commit every %s documents, %d rounds of %s; load %s%n", documents,
                commitEveryList, rounds, variants, Files.readString(Path.of("/proc/loadavg")).strip());
        // Once unreported: JIT compilation of analysis, indexing and merging.
        run(VARIANTS.get(variants.getFirst()), corpus, Math.min(documents, 5000), commitEveryList.getFirst(), options.get("folder"), null);
        List<String> rows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String name : variants) {
                for (int commitEvery : commitEveryList) {
                    String profile = round == rounds ? System.getProperty("newswatch.benchmark.profile") : null;
                    Result r = run(VARIANTS.get(name), corpus, documents, commitEvery, options.get("folder"),
                            profile == null ? null : profile + "-" + name + "-" + commitEvery + ".jfr");
                    String row = String.format("| %d | %s | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %d | %s |", round, name, commitEvery,
                            r.writerMicros(), r.commitMicros(), r.processMicros() - r.writerMicros(), r.processMicros(), r.bytesPerDocument(),
                            r.segments(), r.load());
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        System.out.println("| round | variant | docs per commit | writer thread µs CPU/doc | of which commits | rest of the process (merges, GC, "
                + "JIT) µs/doc | process µs/doc | bytes/doc on disk | segments | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    record Result(double writerMicros, double processMicros, double commitMicros, double bytesPerDocument, int segments,
                  String load) {}

    private static Result run(java.util.function.Function<Path, Writer> variant, List<Document> corpus, int documents, int commitEvery, String folderOption, String profile)
            throws Exception {
        Path folder = folderOption == null ? Files.createTempDirectory("archive-write-bench") : Files.createDirectories(Path.of(folderOption));
        Path index = folder.resolve("archive");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Instant end = Instant.parse("2026-11-30T00:00:00Z");
        long step = Duration.ofDays(30).toMillis() / documents;
        System.gc();
        jdk.jfr.Recording recording = null;
        if (profile != null) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
            recording.setDestination(Path.of(profile));
            recording.start();
        }
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        long process0 = os.getProcessCpuTime();
        long writer0 = threads.getCurrentThreadCpuTime();
        long commitCpu = 0;
        long bytes;
        int segments;
        try (Writer archive = variant.apply(index)) {
            for (int i = 0; i < documents; i++) {
                Document base = corpus.get(i % corpus.size());
                int copy = i / corpus.size();
                // Oldest first, as documents arrive; the archive stores them newest first.
                Instant published = end.minusMillis((long) (documents - i) * step);
                archive.put(new Document(String.format("write-%08d", i), base.source(), base.location(), base.title(),
                        ArchiveBenchmark.rotate(base.body(), copy), published, "en", published, List.of(), List.of()), published);
                if ((i + 1) % commitEvery == 0 || i + 1 == documents) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    archive.commit(i + 1);
                    commitCpu += threads.getCurrentThreadCpuTime() - c0;
                }
            }
            bytes = archive.sizeOnDisk();
            segments = archive.segments();
        }
        long writer = threads.getCurrentThreadCpuTime() - writer0;
        long process = os.getProcessCpuTime() - process0;
        if (recording != null) {
            recording.stop();
            recording.close();
        }
        deleteTree(index);
        if (folderOption == null) {
            deleteTree(folder);
        }
        return new Result(writer / 1e3 / documents, process / 1e3 / documents, commitCpu / 1e3 / documents,
                bytes / (double) documents, segments, load);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
