package io.newswatch.cli;

import io.newswatch.ingest.DocumentFileReader;
import io.newswatch.ingest.IngestException;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.rules.RuleLoader;
import io.newswatch.rules.RuleSet;
import io.newswatch.rules.query.QueryException;
import io.newswatch.text.Document;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.search.Query;

/**
 * {@code bench [--rules DIR] [--seeds DIR] [--seconds N]}: how many documents per second one core
 * matches, with the shipped rules and with 1,000 and 10,000 generated rules of the same shape
 * (alias groups, phrases, wildcards, proximity, NOT), and how much heap each rule set takes.
 * Single-threaded on purpose: the figure is per core, and the daemon scales with Kafka partitions.
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
        RuleSet shipped = new RuleLoader().load(rulesDir);
        shipped.problems().forEach(err::println);
        Map<String, Query> shippedQueries = new LinkedHashMap<>();
        shipped.rules().forEach(r -> shippedQueries.put(r.id(), r.query()));

        out.printf("bench: %d documents (avg %d chars), %.0f s per run, 1 thread, Java %s%n",
                documents.size(), documents.stream().mapToInt(d -> d.body().length()).sum() / documents.size(),
                seconds, Runtime.version());
        out.println("rules   | docs/s   | matches/doc | rule-set heap | register time");
        measure(out, "shipped(" + shippedQueries.size() + ")", shippedQueries, documents, seconds);
        try {
            RuleCompiler compiler = new RuleCompiler(shipped.aliases());
            for (int count : new int[] {1_000, 10_000}) {
                measure(out, String.valueOf(count), generated(compiler, count), documents, seconds);
            }
        } catch (QueryException e) {
            err.println("bench: a generated rule did not compile: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static void measure(PrintStream out, String label, Map<String, Query> queries, List<Document> documents, double seconds) {
        long heapBefore = usedHeap();
        long registerStart = System.nanoTime();
        try (RuleMatcher matcher = new RuleMatcher()) {
            matcher.register(queries);
            long registerMillis = (System.nanoTime() - registerStart) / 1_000_000;
            long heapAfter = usedHeap();
            for (int i = 0; i < 50; i++) { // warm-up
                matcher.match(documents.get(i % documents.size()));
            }
            long matched = 0;
            long done = 0;
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            while (System.nanoTime() < deadline) {
                matched += matcher.match(documents.get((int) (done % documents.size()))).size();
                done++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            out.printf("%-7s | %8.0f | %11.2f | %10.1f MiB | %d ms%n", label, done / elapsed, (double) matched / done,
                    Math.max(0, heapAfter - heapBefore) / (1024.0 * 1024.0), registerMillis);
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Rules shaped like the shipped ones: an actor group near an action group, a phrase, a wildcard, a NOT. */
    static Map<String, Query> generated(RuleCompiler compiler, int count) throws QueryException {
        String[] words = ("army troops soldiers forces navy missile drone border treaty alliance pact sanctions embargo "
                + "minister president election parliament court police strike protest oil gas bank market trade export "
                + "import ship port airport factory vaccine hospital school storm flood fire earthquake ceasefire talks "
                + "summit deal visit agreement envoy ambassador capital north south east west korea russia ukraine china").split(" ");
        String[] actions = "deploy* send* dispatch* sign* ratif* impos* lift* violat* attack* launch* meet* announc* approv* reject*".split(" ");
        Random random = new Random(42);
        Map<String, Query> queries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String a = words[random.nextInt(words.length)];
            String b = words[random.nextInt(words.length)];
            String c = words[random.nextInt(words.length)];
            String action = actions[random.nextInt(actions.length)];
            String query = "(" + a + " OR " + b + " OR \"" + c + " " + a + "\") NEAR/" + (3 + random.nextInt(10)) + " " + action
                    + " AND NOT \"" + words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + "\"";
            queries.put("generated-" + i, compiler.compile(query));
        }
        return queries;
    }
}
