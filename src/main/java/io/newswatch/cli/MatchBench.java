package io.newswatch.cli;

import io.newswatch.matching.Fields;
import io.newswatch.matching.NewsAnalyzer;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import io.newswatch.document.Document;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.monitor.HighlightsMatch;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.search.Query;

/**
 * The measuring part of {@code bench}: rule sets times engines times thread counts, each row in
 * documents per CPU-second of the matching threads (ThreadMXBean), beside the analysis floor
 * (analysing a document into Monitor's MemoryIndex and nothing else) and the row's distance to it.
 * Engines are pluggable so that a test-scope comparison can put the engine of an earlier version
 * in the same run.
 */
public final class MatchBench {
    /** A rule set to measure: rule id to query text, with the aliases the queries use. */
    public record RuleSetSpec(String label, Aliases aliases, Map<String, String> queries) {}

    /** A matching engine under test: compiles and registers a rule set, then matches documents. */
    public interface Engine extends AutoCloseable {
        /** Compiles and registers; called inside the measurement of heap and time. */
        void load(RuleSetSpec rules) throws QueryException;

        /** Matches one document; returns the number of matching rules. */
        int match(Document document);

        /** Parts the engine runs rules as, for the table ({@code -} when it has no such notion). */
        String parts();

        /**
         * Compiles and registers rules of the set again, one at a time, as a hot reload of one
         * edited file does (after the warm-up); the median milliseconds of the calling thread's CPU
         * time (wall time on a shared machine mostly measures the other processes), or -1 if not
         * supported. Index merges that Lucene runs on its own threads are not counted.
         */
        default double reregisterOne(RuleSetSpec rules) throws QueryException {
            return -1;
        }

        /**
         * How many rule parts the engine runs for this document, i.e. how many its presearcher lets
         * through (-1 when it cannot tell); asked outside the timed runs.
         */
        default int partsRun(Document document) {
            return -1;
        }

        @Override
        void close();
    }

    /** How many rules {@code 1 rule again} re-registers one at a time; the median is printed. */
    static final int REREGISTERED = 5;

    /** A named way to make a fresh engine. */
    public record EngineKind(String name, Supplier<Engine> factory) {}

    /** Compiles one rule's query text. */
    public interface QueryCompiler {
        Query compile(String query) throws QueryException;
    }

    /**
     * An engine made of a rule compiler and a matcher that registers a whole rule set at once:
     * {@link #load} compiles every query with the compiler for the set's aliases and registers
     * them. This engine, the frozen pre-issue-14 engine (test code) and stock Monitor share it.
     */
    public abstract static class CompilingEngine implements Engine {
        /** The compiler of the loaded set, for re-registering single rules. */
        protected QueryCompiler compiler;

        protected abstract QueryCompiler compilerFor(Aliases aliases);

        protected abstract void register(Map<String, Query> queries);

        @Override
        public final void load(RuleSetSpec rules) throws QueryException {
            compiler = compilerFor(rules.aliases());
            Map<String, Query> queries = new LinkedHashMap<>();
            for (Map.Entry<String, String> rule : rules.queries().entrySet()) {
                queries.put(rule.getKey(), compiler.compile(rule.getValue()));
            }
            register(queries);
        }
    }

    /** This project's engine: {@link RuleCompiler} and {@link RuleMatcher}, as the daemon uses them. */
    public static EngineKind newswatch() {
        return newswatch("newswatch", RuleMatcher.DEFAULT_PRESEARCH_FROM_PARTS, true);
    }

    /**
     * This project's engine with the presearcher used from {@code presearchFromParts} rule parts on
     * (0: always), and interval nodes evaluated and candidate parts checked over position lists
     * ({@code positionPlans}, as the daemon does) or by Lucene alone (as before issue 14's third
     * round).
     */
    public static EngineKind newswatch(String name, int presearchFromParts, boolean positionPlans) {
        return new EngineKind(name, () -> new CompilingEngine() {
            private final RuleMatcher matcher = new RuleMatcher(RuleMatcher.DEFAULT_SNIPPET_LENGTH, presearchFromParts, positionPlans);

            @Override
            protected QueryCompiler compilerFor(Aliases aliases) {
                return new RuleCompiler(aliases, positionPlans)::compile;
            }

            @Override
            protected void register(Map<String, Query> queries) {
                matcher.register(queries);
            }

            @Override
            public int match(Document document) {
                return matcher.match(document).size();
            }

            @Override
            public String parts() {
                return String.valueOf(matcher.disjunctCount());
            }

            @Override
            public int partsRun(Document document) {
                return matcher.partsRun(document);
            }

            @Override
            public double reregisterOne(RuleSetSpec rules) throws QueryException {
                // As RuleRegistry reloads an edited file: compiled with the rule set's compiler, registered over the old version.
                ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                List<Double> times = new ArrayList<>();
                for (Map.Entry<String, String> rule : rules.queries().entrySet()) {
                    long start = mx.getCurrentThreadCpuTime();
                    matcher.register(rule.getKey(), compiler.compile(rule.getValue()));
                    times.add((mx.getCurrentThreadCpuTime() - start) / 1e6);
                    if (times.size() == REREGISTERED) {
                        break;
                    }
                }
                times.sort(null);
                return times.get(times.size() / 2);
            }

            @Override
            public void close() {
                matcher.close();
            }
        });
    }

    /**
     * Stock Lucene Monitor: its default presearcher and decomposition and its own highlighting
     * matcher ({@link HighlightsMatch#MATCHER}), on the queries {@link RuleCompiler} produces.
     * For rules without {@code NEAR}/{@code BEFORE} (the Luwak-style set) those are plain term,
     * phrase and boolean queries, so this is Monitor exactly as shipped.
     */
    public static EngineKind stockMonitor() {
        return new EngineKind("stock Monitor", () -> new CompilingEngine() {
            private final Monitor monitor = newMonitor();

            @Override
            protected QueryCompiler compilerFor(Aliases aliases) {
                return new RuleCompiler(aliases)::compile;
            }

            @Override
            protected void register(Map<String, Query> compiled) {
                List<MonitorQuery> queries = new ArrayList<>();
                compiled.forEach((id, query) -> queries.add(new MonitorQuery(id, query)));
                try {
                    monitor.register(queries);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public int match(Document document) {
                try {
                    return monitor.match(Fields.toLucene(document), HighlightsMatch.MATCHER).getMatchCount();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public int partsRun(Document document) {
                try {
                    return monitor.match(Fields.toLucene(document), HighlightsMatch.MATCHER).getQueriesRun();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String parts() {
                try {
                    return String.valueOf(monitor.getDisjunctCount());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                try {
                    monitor.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            private static Monitor newMonitor() {
                try {
                    return new Monitor(NewsAnalyzer.perField());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private final List<Document> documents;
    private final double seconds;
    private final PrintStream out;
    private double floor;

    public MatchBench(List<Document> documents, double seconds, PrintStream out) {
        this.documents = List.copyOf(documents);
        this.seconds = seconds;
        this.out = out;
    }

    /** Measures the analysis floor once, then every rule set with every engine and thread count. */
    public void run(List<RuleSetSpec> ruleSets, List<EngineKind> engines, List<Integer> threadCounts) throws QueryException {
        floor = measureFloor();
        out.printf("floor (analysis into Monitor's MemoryIndex only): %.0f docs/CPU-s%n", floor);
        out.println("rules                | engine          | threads | docs/s  | docs/CPU-s | x floor | matches/doc | parts  | parts run/doc | rule-set heap | load+register (CPU) | 1 rule again (CPU)");
        for (RuleSetSpec rules : ruleSets) {
            for (EngineKind engine : engines) {
                measure(rules, engine, threadCounts);
            }
        }
    }

    public double floor() {
        return floor;
    }

    private double measureFloor() {
        Analyzer analyzer = NewsAnalyzer.perField();
        List<org.apache.lucene.document.Document> lucene = documents.stream().map(Fields::toLucene).toList();
        long sink = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmCpuStart = threads.getCurrentThreadCpuTime();
        long warmUntil = System.nanoTime() + (long) (seconds * 0.2e9);
        long cpuNeeded = (long) (Math.min(1.0, seconds * 0.2) * 1e9);
        for (int i = 0; i < lucene.size() || System.nanoTime() < warmUntil
                || threads.getCurrentThreadCpuTime() - warmCpuStart < cpuNeeded; i++) {
            sink += analyse(lucene.get(i % lucene.size()), analyzer);
        }
        long done = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline || done % lucene.size() != 0) {
            sink += analyse(lucene.get((int) (done % lucene.size())), analyzer);
            done++;
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        if (sink == 42) {
            out.print("");
        }
        return done / cpu;
    }

    /** What Monitor does to a document before any rule runs: a MemoryIndex with offsets, and a searcher over it. */
    private static long analyse(org.apache.lucene.document.Document document, Analyzer analyzer) {
        MemoryIndex index = MemoryIndex.fromDocument(document, analyzer, true, false);
        return index.createSearcher().getIndexReader().maxDoc();
    }

    private void measure(RuleSetSpec rules, EngineKind kind, List<Integer> threadCounts) throws QueryException {
        long heapBefore = usedHeap();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long loadStart = System.nanoTime();
        long loadCpuStart = mx.getCurrentThreadCpuTime();
        try (Engine engine = kind.factory().get()) {
            engine.load(rules);
            long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            long loadCpuMillis = (mx.getCurrentThreadCpuTime() - loadCpuStart) / 1_000_000;
            long heapAfter = usedHeap();
            warmUp(engine);
            String partsRun = partsRunPerDocument(engine);
            double reregister = engine.reregisterOne(rules);
            double single = 0;
            for (int threads : threadCounts) {
                Result result = run(engine, threads);
                if (threads == 1) {
                    single = result.docsPerSecond();
                }
                String scaling = threads > 1 && single > 0 ? String.format(" (x%.2f of 1 thread)", result.docsPerSecond() / single) : "";
                out.printf("%-20s | %-15s | %7d | %7.1f | %10.1f | %7.1f | %11.2f | %6s | %13s | %9.1f MiB | %7d ms (%6d) | %s%s%n",
                        rules.label() + "(" + rules.queries().size() + ")", kind.name(), threads, result.docsPerSecond(),
                        result.docsPerCpuSecond(), floor / result.docsPerCpuSecond(), result.matchesPerDocument(), engine.parts(),
                        partsRun, Math.max(0, heapAfter - heapBefore) / (1024.0 * 1024.0), loadMillis, loadCpuMillis,
                        reregister < 0 ? "-" : String.format("%.0f ms", reregister), scaling);
            }
        }
    }

    /** Parts run per document, averaged over one pass of the documents ({@code -} if the engine cannot tell). */
    private String partsRunPerDocument(Engine engine) {
        long total = 0;
        for (Document document : documents) {
            int run = engine.partsRun(document);
            if (run < 0) {
                return "-";
            }
            total += run;
        }
        return String.format("%.1f", (double) total / documents.size());
    }

    /**
     * Every document once, then on for a fifth of the run and at least as much of this thread's
     * CPU time (capped at a second), so that on a busy machine the JIT has compiled the matching
     * code before anything is measured.
     */
    private void warmUp(Engine engine) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpuStart = mx.getCurrentThreadCpuTime();
        long warmUntil = System.nanoTime() + (long) (seconds * 0.2e9);
        long cpuNeeded = (long) (Math.min(1.0, seconds * 0.2) * 1e9);
        for (int i = 0; i < documents.size() || System.nanoTime() < warmUntil
                || mx.getCurrentThreadCpuTime() - cpuStart < cpuNeeded; i++) {
            engine.match(documents.get(i % documents.size()));
        }
    }

    private record Result(double docsPerSecond, double docsPerCpuSecond, double matchesPerDocument) {}

    /** Whole passes over the documents for at least the configured time, on {@code threads} threads sharing one engine. */
    private Result run(Engine engine, int threads) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong done = new AtomicLong();
        AtomicLong matched = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                long cpuStart = mx.getCurrentThreadCpuTime();
                long mine = 0;
                long hits = 0;
                while (System.nanoTime() < deadline || mine % documents.size() != 0) {
                    hits += engine.match(documents.get((int) ((mine + offset) % documents.size())));
                    mine++;
                }
                cpu.addAndGet(mx.getCurrentThreadCpuTime() - cpuStart);
                done.addAndGet(mine);
                matched.addAndGet(hits);
                finished.countDown();
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(done.get() / elapsed, done.get() / (cpu.get() / 1e9), (double) matched.get() / done.get());
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
