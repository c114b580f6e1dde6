package io.newswatch.archive;

import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Archive figures (docs/benchmarks.md): write cost per document (thread CPU of the writing thread
 * and CPU of the whole process, which includes Lucene's background merges), index size, search
 * latency p50/p99 over the archive for the shipped rules' queries and one-word queries, and
 * backtest time of each shipped rule. Documents are synthetic-from-real: the texts of
 * {@code ../shared/corpus/realnews/docs}, each copy with its sentences rotated and a unique id, spread
 * over 30 days.
 *
 * <p>Arguments: documents (default 1,000,000), archive folder (default {@code target/archive-bench/<documents>},
 * kept: a rerun adds only what is missing, then searches), search repetitions (default 50), writer threads
 * (default 2), phases ({@code all}, {@code build}, or {@code search}: only search, the folder opened read-only, so
 * an index built once can be kept outside the repository; {@code backtest}: as {@code search}, the backtests only), documents per commit (default 2,000), which
 * searches and backtests to run (labels containing any of these comma-separated words; default all), the
 * search cache's size in bytes (default 64 MiB; 0 turns it off) and how many cold searches (each the
 * first on a freshly opened archive) to time per query and order (default 5).
 */
public final class ArchiveBenchmark {
    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path folder = args.length > 1 ? Path.of(args[1]) : Path.of("target/archive-bench/" + total);
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int writerThreads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String phases = args.length > 4 ? args[4] : "all";
        int commitEvery = args.length > 5 ? Integer.parseInt(args[5]) : 2000;
        // Which searches and backtests to run: labels ("word sanctions", "rule treaty") containing any of these, comma-separated.
        List<String> only = args.length > 6 ? List.of(args[6].split(",")) : List.of("");
        // Memory of the per-segment match cache (NEWSWATCH_ARCHIVE_SEARCH_CACHE_SIZE); 0 turns it off.
        long cacheBytes = args.length > 7 ? Long.parseLong(args[7]) : SegmentMatchCache.DEFAULT_MAX_BYTES;
        // Searches that are timed as "cold": each on a freshly opened archive and searcher (its first query).
        int coldRuns = args.length > 8 ? Integer.parseInt(args[8]) : 5;
        List<Document> real = realNews();
        RuleSet rules = new RuleLoader().load(Path.of("rules"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("archive benchmark: %,d documents from %,d real texts into %s%n", total, real.size(), folder);

        if (!phases.equals("search") && !phases.equals("backtest")) {
            Instant end = Instant.parse("2026-11-30T00:00:00Z");
            long spanMillis = Duration.ofDays(30).toMillis();
            long existing;
            try (ArchiveIndex index = ArchiveIndex.openForWriting(folder)) {
                existing = index.search(s -> s.getIndexReader().numDocs());
                long cpu0 = threads.getCurrentThreadCpuTime();
                long proc0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                // Writer threads share the IndexWriter (it is thread-safe); each takes every n-th document.
                java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong(existing);
                java.util.concurrent.atomic.AtomicLong writerCpu = new java.util.concurrent.atomic.AtomicLong();
                List<Thread> writers = new ArrayList<>();
                for (int w = 0; w < writerThreads; w++) {
                    int first = (int) existing + w;
                    writers.add(Thread.ofPlatform().start(() -> {
                        long c0 = threads.getCurrentThreadCpuTime();
                        try {
                            for (int i = first; i < total; i += writerThreads) {
                                Document base = real.get(i % real.size());
                                int copy = i / real.size();
                                Instant published = end.minusMillis((long) ((double) i / total * spanMillis));
                                index.put(new Document(String.format("bench-%08d", i), base.source(), base.location(), base.title(),
                                        rotate(base.body(), copy), published, "en", published, List.of(), List.of()), published);
                                long n = done.incrementAndGet();
                                if (n % commitEvery == 0) {
                                    synchronized (index) {
                                        index.commit(Map.of("bench:0", n));
                                    }
                                }
                                if (n % 50_000 == 0) {
                                    System.out.printf("  %,d written, %.0f s%n", n, (System.nanoTime() - wall0) / 1e9);
                                }
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        writerCpu.addAndGet(threads.getCurrentThreadCpuTime() - c0);
                    }));
                }
                for (Thread t : writers) {
                    t.join();
                }
                index.commit(Map.of("bench:0", (long) total));
                long written = total - existing;
                if (written > 0) {
                    double wall = (System.nanoTime() - wall0) / 1e9;
                    double cpu = writerCpu.get() / 1e9;
                    double proc = (os.getProcessCpuTime() - proc0) / 1e9;
                    System.out.printf("write: %,d documents in %.1f s wall (%.0f docs/s); writer thread CPU %.0f µs/doc; process CPU (incl. merges) %.0f µs/doc%n",
                            written, wall, written / wall, cpu / written * 1e6, proc / written * 1e6);
                }
                long size = index.sizeOnDisk();
                System.out.printf("size: %.1f MiB for %,d documents = %.2f GiB per million%n", size / 1048576.0, total,
                        size / (double) total * 1_000_000 / (1L << 30));
            }
        }
        if (phases.equals("build")) {
            return;
        }
        // Searches and backtests on the committed archive, opened read-only as the backtest command opens it
        // (the daemon's searcher sees the same segments); the folder is never written from here on.
        for (Map.Entry<String, String> q : queries(rules).entrySet()) {
            if (phases.equals("backtest") || only.stream().noneMatch(q.getKey()::contains)) {
                continue;
            }
            RuleCompiler compiler = new RuleCompiler(rules.aliases());
            for (SearchRequest.Order order : SearchRequest.Order.values()) {
                SearchRequest request = new SearchRequest(q.getValue(), null, null, null, null, order, 20, null);
                // Cold: the first query on a freshly opened archive (JVM and OS page cache warm, the search cache empty).
                long[] coldCpu = new long[coldRuns];
                long[] coldWall = new long[coldRuns];
                long hits = 0;
                boolean exact = true;
                for (int r = 0; r < coldRuns; r++) {
                    try (ArchiveIndex index = ArchiveIndex.openReadOnly(folder);
                         ArchiveSearcher searcher = new ArchiveSearcher(index, () -> compiler, 100, ArchiveSearcher.DEFAULT_COUNT_BUDGET, cacheBytes)) {
                        long t0 = System.nanoTime();
                        long c0 = threads.getCurrentThreadCpuTime();
                        SearchPage page = searcher.search(request);
                        coldCpu[r] = threads.getCurrentThreadCpuTime() - c0;
                        coldWall[r] = System.nanoTime() - t0;
                        hits = page.total();
                        exact = page.totalExact();
                    }
                }
                System.out.printf("search %-24s %-6s cold  %,9d hits%s  CPU p50 %7.1f ms p99 %7.1f ms  wall p50 %7.1f ms p99 %7.1f ms  (%d runs, each the first query after opening)%n",
                        q.getKey(), order.name().toLowerCase(), hits, exact ? "" : " (at least)", p(coldCpu, 50), p(coldCpu, 99),
                        p(coldWall, 50), p(coldWall, 99), coldRuns);
                // Warm: one archive and searcher; the first query asks the cache to fill, then the timed ones.
                try (ArchiveIndex index = ArchiveIndex.openReadOnly(folder);
                     ArchiveSearcher searcher = new ArchiveSearcher(index, () -> compiler, 100, ArchiveSearcher.DEFAULT_COUNT_BUDGET, cacheBytes)) {
                    long w0 = System.nanoTime();
                    searcher.search(request);
                    searcher.cache().awaitFills(Duration.ofMinutes(10));
                    SegmentMatchCache.Stats filled = searcher.cache().stats();
                    System.out.printf("  cache fill: %d segment entries, %.1f MiB, fill thread CPU %.0f ms, %.1f s wall after the first query%n",
                            filled.entries(), filled.bytes() / 1048576.0, filled.fillCpuNanos() / 1e6, (System.nanoTime() - w0) / 1e9);
                    long[] nanos = new long[repetitions];
                    long[] cpus = new long[repetitions];
                    for (int r = 0; r < repetitions + 3; r++) {
                        long t0 = System.nanoTime();
                        long c0 = threads.getCurrentThreadCpuTime();
                        SearchPage page = searcher.search(request);
                        long t = System.nanoTime() - t0;
                        long c = threads.getCurrentThreadCpuTime() - c0;
                        hits = page.total();
                        exact = page.totalExact();
                        if (r >= 3) {
                            nanos[r - 3] = t;
                            cpus[r - 3] = c;
                        }
                    }
                    SegmentMatchCache.Stats after = searcher.cache().stats();
                    System.out.printf("search %-24s %-6s warm  %,9d hits%s  CPU p50 %7.1f ms p99 %7.1f ms  wall p50 %7.1f ms p99 %7.1f ms  (%d runs; cache hits %d, misses %d)%n",
                            q.getKey(), order.name().toLowerCase(), hits, exact ? "" : " (at least)", p(cpus, 50), p(cpus, 99),
                            p(nanos, 50), p(nanos, 99), repetitions, after.hits() - filled.hits(), after.misses() - filled.misses());
                }
            }
        }
        try (ArchiveIndex index = ArchiveIndex.openReadOnly(folder);
             ArchiveSearcher searcher = new ArchiveSearcher(index, () -> new RuleCompiler(rules.aliases()), 100,
                     ArchiveSearcher.DEFAULT_COUNT_BUDGET, cacheBytes)) {
            // As the daemon runs them: NEWSWATCH_ARCHIVE_BACKTEST_TIMEOUT (30s) and _MAX_RESULTS (100,000).
            Backtest backtest = new Backtest(index, searcher, Duration.ofSeconds(30), 100_000, Clock.systemUTC());
            for (LoadedRule rule : rules.rules()) {
                if (only.stream().noneMatch(("rule " + rule.id())::contains)) {
                    continue;
                }
                for (int r = 0; r < 3; r++) {
                    if (r == 1) {
                        // The first backtest asked the cache to keep the rule's matches: the next ones read them.
                        searcher.cache().awaitFills(Duration.ofMinutes(10));
                    }
                    long t0 = System.nanoTime();
                    long c0 = threads.getCurrentThreadCpuTime();
                    Backtest.Result result = backtest.run(new Backtest.Request(rule.query(), Optional.of(rule.query()), null, null, 20));
                    System.out.printf("backtest %-18s %s over all: %,d matched, diff %s, CPU %.0f ms, wall %.0f ms%s%s%n", rule.id(),
                            r == 0 ? "cold" : "warm", result.matched(),
                            result.diff().map(d -> "+" + d.added() + " -" + d.lost()).orElse("not reached"),
                            (threads.getCurrentThreadCpuTime() - c0) / 1e6, (System.nanoTime() - t0) / 1e6,
                            result.capped() ? " (capped)" : "", result.timedOut() ? " (timed out: 30 s wall-clock limit)" : "");
                }
            }
        }
    }

    private static Map<String, String> queries(RuleSet rules) {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("word sanctions", "sanctions");
        queries.put("word oil", "oil");
        for (LoadedRule rule : rules.rules()) {
            queries.put("rule " + rule.id(), rule.rule().query());
        }
        queries.put("phrase \"prime minister\"", "\"prime minister\"");
        return queries;
    }

    /** The p-th percentile (nearest rank) of the values, in milliseconds. */
    private static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1));
        return sorted[rank] / 1e6;
    }

    /** The real-news development corpus, read as the daemon reads files (also the console pages' benchmark's archive). */
    public static List<Document> realNews() throws Exception {
        Path dir = Path.of("../shared/corpus/realnews/docs");
        DocumentFileReader reader = new DocumentFileReader();
        List<Document> docs = new ArrayList<>();
        for (Path file : reader.listFiles(dir)) {
            docs.add(reader.read(file, Instant.now()));
        }
        return docs;
    }

    /** The body with its sentences rotated by {@code copy}: the same words, another text. */
    public static String rotate(String body, int copy) {
        if (body == null || copy == 0) {
            return body;
        }
        String[] sentences = body.split("(?<=[.!?])\\s+");
        if (sentences.length < 2) {
            return body;
        }
        int shift = copy % sentences.length;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sentences.length; i++) {
            out.add(sentences[(i + shift) % sentences.length]);
        }
        return String.join(" ", out);
    }
}
