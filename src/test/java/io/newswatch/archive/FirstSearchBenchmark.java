package io.newswatch.archive;

import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The first search after the archive opens (docs/benchmarks.md, "Round five: first searches"): for
 * each run a freshly opened archive and searcher (JVM and OS page cache warm, search cache empty),
 * then one search, timed in CPU time of the searching thread. Modes: {@code cold} (the query was
 * never searched nor pre-filled: a user's new query, or a rule's query while the pre-fill runs) and
 * {@code prefilled} (the query pre-filled as a rule in force, waited for, then searched; the fill
 * thread's CPU is printed). Only public and package API that older versions have is used in
 * {@code cold} mode, so the same class measures an older build put first on the classpath.
 *
 * <p>Arguments: archive folder (opened read-only), query ({@code rule:ID} for a shipped rule's query
 * or the query text), order ({@code NEWEST} or {@code SCORE}), runs, count budget in ms, mode
 * ({@code cold}, {@code prefilled}, {@code warmed}: the archive's warm-up run first with the other
 * shipped rules' queries, as the daemon runs it at start, or {@code prepared}: warmed, and the query readied
 * before each run as the daemon readies a rule's query when it comes in force, {@link ArchiveSearcher#prepare}).
 */
public final class FirstSearchBenchmark {
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        String asked = args[1];
        SearchRequest.Order order = SearchRequest.Order.valueOf(args[2]);
        int runs = Integer.parseInt(args[3]);
        Duration budget = Duration.ofMillis(Long.parseLong(args[4]));
        boolean prefilled = args.length > 5 && args[5].equals("prefilled");
        // warmed: before run 0, the archive's warm-up (ArchiveSearcher.warmUp) with the other shipped rules' queries, as the
        // daemon runs it at start with the rules in force; the query measured is never searched before its run 0.
        // prepared: as warmed, and each run's searcher readies the query (ArchiveSearcher.prepare) before it is timed, as the
        // daemon does when the rule comes in force (compiled, archive form, highlighter registered); its CPU is printed apart.
        boolean readied = args.length > 5 && args[5].equals("prepared");
        boolean warmed = args.length > 5 && (args[5].equals("warmed") || readied);
        RuleSet rules = new RuleLoader().load(Path.of("rules"));
        String query = asked.startsWith("rule:")
                ? rules.rules().stream().filter(r -> r.id().equals(asked.substring(5))).map(r -> r.rule().query()).findFirst().orElseThrow()
                : asked;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        RuleCompiler compiler = new RuleCompiler(rules.aliases());
        if (warmed) {
            List<String> others = rules.rules().stream().map(r -> r.rule().query()).filter(q -> !q.equals(query)).toList();
            try (ArchiveIndex index = ArchiveIndex.openReadOnly(folder);
                 ArchiveSearcher searcher = new ArchiveSearcher(index, () -> compiler, 100, budget, SegmentMatchCache.DEFAULT_MAX_BYTES)) {
                long w0 = System.nanoTime();
                Duration cpu = searcher.warmUp(others).get();
                System.out.printf("warm-up with %d other rule queries: CPU %d ms, wall %.1f s%n", others.size(), cpu.toMillis(),
                        (System.nanoTime() - w0) / 1e9);
            }
        }
        long[] cpu = new long[runs];
        for (int r = 0; r < runs; r++) {
            try (ArchiveIndex index = ArchiveIndex.openReadOnly(folder);
                 ArchiveSearcher searcher = new ArchiveSearcher(index, () -> compiler, 100, budget, SegmentMatchCache.DEFAULT_MAX_BYTES)) {
                String fill = "";
                if (readied) {
                    long p0 = threads.getCurrentThreadCpuTime();
                    searcher.prepare(List.of(query));
                    fill = String.format("  (readied at rule load: CPU %.1f ms)", (threads.getCurrentThreadCpuTime() - p0) / 1e6);
                }
                if (prefilled) {
                    long w0 = System.nanoTime();
                    searcher.prefill(List.of(query));
                    searcher.cache().awaitFills(Duration.ofMinutes(20));
                    SegmentMatchCache.Stats s = searcher.cache().stats();
                    fill = String.format("  (pre-fill: %d segments, fill thread CPU %.0f ms, %.1f s wall)", s.entries(), s.fillCpuNanos() / 1e6,
                            (System.nanoTime() - w0) / 1e9);
                }
                long t0 = System.nanoTime();
                long c0 = threads.getCurrentThreadCpuTime();
                SearchPage page = searcher.search(new SearchRequest(query, null, null, null, null, order, 20, null));
                cpu[r] = threads.getCurrentThreadCpuTime() - c0;
                System.out.printf("first search %s %s %s, budget %d ms, run %d: CPU %.1f ms, wall %.1f ms, total %,d%s, %d hits%s%n",
                        asked, order.name().toLowerCase(), prefilled ? "prefilled" : readied ? "prepared" : warmed ? "warmed" : "cold", budget.toMillis(), r, cpu[r] / 1e6,
                        (System.nanoTime() - t0) / 1e6, page.total(), page.totalExact() ? "" : " (at least)", page.hits().size(), fill);
            }
        }
        long[] sorted = cpu.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf("first search %s %s %s, budget %d ms: CPU p50 %.1f ms, max %.1f ms over %d runs%n", asked, order.name().toLowerCase(),
                prefilled ? "prefilled" : readied ? "prepared" : warmed ? "warmed" : "cold", budget.toMillis(), sorted[(runs - 1) / 2] / 1e6, sorted[runs - 1] / 1e6, runs);
    }
}
