package io.newswatch.cli;

import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.ingest.IngestException;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.Aliases;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.rules.query.QueryException;
import io.newswatch.document.Document;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;

/**
 * {@code bench [--rules DIR] [--seeds DIR] [--seconds N]}: how many documents per second one core
 * matches, with the shipped rules and with 1,000 and 10,000 generated rules of the same shape
 * ({@link GeneratedRules}), and how much heap each rule set takes. Single-threaded on purpose: the
 * figure is per core, and the daemon scales with Kafka partitions. Documents per CPU-second is
 * printed beside wall-clock documents per second because on a shared machine the thread does not
 * always get its core.
 */
final class BenchCommand {
    private BenchCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of("rules");
        Path seedsDir = Path.of("seeds");
        double seconds = 5;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--rules" -> rulesDir = Path.of(args.get(i + 1));
                case "--seeds" -> seedsDir = Path.of(args.get(i + 1));
                case "--seconds" -> seconds = Double.parseDouble(args.get(i + 1));
                default -> {
                    err.println("bench: unknown option " + args.get(i) + "; usage: bench [--rules DIR] [--seeds DIR] [--seconds N]");
                    return 2;
                }
            }
        }
        List<Document> documents = new ArrayList<>();
        DocumentFileReader reader = new DocumentFileReader();
        try {
            for (Path file : reader.listFiles(seedsDir)) {
                documents.add(reader.read(file, Instant.now()));
            }
        } catch (IngestException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        }
        if (documents.isEmpty()) {
            err.println("bench: no documents under " + seedsDir);
            return 1;
        }
        out.printf("bench: %d documents from %s (avg %d chars), %.0f s per run after a warm-up, 1 thread, %d cores, Java %s%n",
                documents.size(), seedsDir, documents.stream().mapToInt(d -> d.body().length()).sum() / documents.size(),
                seconds, Runtime.getRuntime().availableProcessors(), Runtime.version());
        out.println("rules            | docs/s | docs/CPU-s | matches/doc | parts  | rule-set heap | compile  | register");
        Path rules = rulesDir;
        try {
            measure(out, "shipped", () -> {
                RuleSet shipped = new RuleLoader().load(rules);
                shipped.problems().forEach(err::println);
                Map<String, Query> queries = new LinkedHashMap<>();
                shipped.rules().forEach(r -> queries.put(r.id(), r.query()));
                return queries;
            }, documents, seconds);
            for (int count : new int[] {1_000, 10_000}) {
                measure(out, "generated", () -> compile(GeneratedRules.of(count, 42)), documents, seconds);
            }
        } catch (QueryException e) {
            err.println("bench: a generated rule did not compile: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** Loads or builds a rule set; run inside the measurement so its heap and time are counted. */
    @FunctionalInterface
    private interface RuleSetBuilder {
        Map<String, Query> load() throws QueryException;
    }

    private static void measure(PrintStream out, String label, RuleSetBuilder source, List<Document> documents, double seconds)
            throws QueryException {
        long heapBefore = usedHeap();
        long compileStart = System.nanoTime();
        Map<String, Query> queries = source.load();
        int ruleCount = queries.size();
        long compileMillis = (System.nanoTime() - compileStart) / 1_000_000;
        long registerStart = System.nanoTime();
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(queries);
            long registerMillis = (System.nanoTime() - registerStart) / 1_000_000;
            queries = null; // from here on only the matcher holds the rules, so the heap figure is what it retains
            long heapAfter = usedHeap();
            // Warm-up: every document once, and at least a fifth of the measured time, so the JIT has compiled the hot paths.
            long warmUntil = System.nanoTime() + (long) (seconds * 0.2e9);
            for (int i = 0; i < documents.size() || System.nanoTime() < warmUntil; i++) {
                matcher.match(documents.get(i % documents.size()));
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long matched = 0;
            long done = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            // Whole passes over the documents, so matches/doc is an average over all of them.
            while (System.nanoTime() < deadline || done % documents.size() != 0) {
                matched += matcher.match(documents.get((int) (done % documents.size()))).size();
                done++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            out.printf("%-16s | %6.1f | %10.1f | %11.2f | %6d | %9.1f MiB | %5d ms | %5d ms%n", label + "(" + ruleCount + ")",
                    done / elapsed, done / cpu, (double) matched / done, matcher.disjunctCount(),
                    Math.max(0, heapAfter - heapBefore) / (1024.0 * 1024.0), compileMillis, registerMillis);
        }
    }

    private static Map<String, Query> compile(GeneratedRules rules) throws QueryException {
        RuleCompiler compiler = new RuleCompiler(rules.aliases(Aliases.NONE));
        Map<String, Query> queries = new LinkedHashMap<>();
        for (Map.Entry<String, String> rule : rules.queries().entrySet()) {
            queries.put(rule.getKey(), compiler.compile(rule.getValue()));
        }
        return queries;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
