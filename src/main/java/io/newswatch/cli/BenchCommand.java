package io.newswatch.cli;

import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.ingest.IngestException;
import io.newswatch.rules.Aliases;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleSet;
import io.newswatch.rules.query.QueryException;
import io.newswatch.document.Document;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench [--rules DIR] [--seeds DIR] [--seconds N] [--generated 1000,10000] [--luwak 10000]
 * [--threads 1,2] [--stock] [--presearch-from N,N] [--lucene-intervals]}: how many documents per CPU-second the matcher handles, with the
 * configured rules (by default the only set), generated rule sets of the shipped rules' shape
 * ({@link GeneratedRules#of}) and Luwak-style sets ({@link GeneratedRules#luwakStyle}, always
 * measured with stock Lucene Monitor beside this engine); each row shows the analysis floor's
 * distance. {@code --presearch-from} measures this engine once per value of
 * {@link io.newswatch.matching.RuleMatcher#RuleMatcher(int, int)}'s threshold (0: presearch always,
 * 99999: never), to place the default. {@code --lucene-intervals} adds this engine with every
 * interval node evaluated by Lucene alone (no position plans, as before issue 14's third round)
 * beside the default, for a before/after in one run. See docs/benchmarks.md.
 */
final class BenchCommand {
    private static final String USAGE =
            "usage: bench [--rules DIR] [--seeds DIR] [--seconds N] [--generated N,N...] [--luwak N,N...] [--threads N,N...] [--stock] [--presearch-from N,N...] [--lucene-intervals]";

    private BenchCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of("rules");
        Path seedsDir = Path.of("seeds");
        double seconds = 5;
        List<Integer> generated = List.of();
        List<Integer> luwak = List.of();
        List<Integer> threads = List.of(1);
        List<Integer> presearchFrom = List.of();
        boolean stock = false;
        boolean luceneIntervals = false;
        try {
            for (int i = 0; i < args.size(); i++) {
                String option = args.get(i);
                if (option.equals("--stock")) {
                    stock = true;
                    continue;
                }
                if (option.equals("--lucene-intervals")) {
                    luceneIntervals = true;
                    continue;
                }
                if (i + 1 >= args.size()) {
                    err.println("bench: " + option + " needs a value; " + USAGE);
                    return 2;
                }
                String value = args.get(++i);
                switch (option) {
                    case "--rules" -> rulesDir = Path.of(value);
                    case "--seeds" -> seedsDir = Path.of(value);
                    case "--seconds" -> seconds = Double.parseDouble(value);
                    case "--generated" -> generated = counts(option, value, 0);
                    case "--luwak" -> luwak = counts(option, value, 0);
                    case "--threads" -> threads = counts(option, value, 1);
                    case "--presearch-from" -> presearchFrom = counts(option, value, 0);
                    default -> {
                        err.println("bench: unknown option " + option + "; " + USAGE);
                        return 2;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage() + "; " + USAGE);
            return 2;
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
        RuleSet configured = new RuleLoader().load(rulesDir);
        configured.problems().forEach(err::println);
        Map<String, String> configuredQueries = new LinkedHashMap<>();
        configured.rules().forEach(r -> configuredQueries.put(r.id(), r.rule().query()));
        out.printf("bench: %d documents from %s (avg %d chars), %.0f s per run after a warm-up, threads %s, %d cores, Java %s%n",
                documents.size(), seedsDir, documents.stream().mapToInt(d -> d.body().length()).sum() / documents.size(),
                seconds, threads, Runtime.getRuntime().availableProcessors(), Runtime.version());
        MatchBench bench = new MatchBench(documents, seconds, out);
        List<MatchBench.EngineKind> engines = new ArrayList<>();
        if (presearchFrom.isEmpty()) {
            engines.add(MatchBench.newswatch());
            if (luceneIntervals) {
                engines.add(MatchBench.newswatch("lucene intervals", RuleMatcher.DEFAULT_PRESEARCH_FROM_PARTS, false));
            }
        }
        for (int from : presearchFrom) {
            // With --lucene-intervals each row gets its Lucene-only twin right after it, so that
            // repeating a value (--presearch-from 400,400) alternates the two and both are warm.
            engines.add(MatchBench.newswatch("newswatch ps>=" + from, from, true));
            if (luceneIntervals) {
                engines.add(MatchBench.newswatch("lucene ps>=" + from, from, false));
            }
        }
        if (stock) {
            engines.add(MatchBench.stockMonitor());
        }
        try {
            bench.run(List.of(new MatchBench.RuleSetSpec("configured", configured.aliases(), configuredQueries)), engines, threads);
            for (int count : generated) {
                GeneratedRules rules = GeneratedRules.of(count, 42);
                bench.run(List.of(new MatchBench.RuleSetSpec("generated", rules.aliases(Aliases.NONE), rules.queries())), engines, threads);
            }
            for (int count : luwak) {
                GeneratedRules rules = GeneratedRules.luwakStyle(count, 42);
                bench.run(List.of(new MatchBench.RuleSetSpec("luwak-style", Aliases.NONE, rules.queries())),
                        luceneIntervals
                                ? List.of(MatchBench.newswatch(), MatchBench.newswatch("lucene intervals", RuleMatcher.DEFAULT_PRESEARCH_FROM_PARTS, false), MatchBench.stockMonitor())
                                : List.of(MatchBench.newswatch(), MatchBench.stockMonitor()), threads);
            }
        } catch (QueryException e) {
            err.println("bench: a rule did not compile: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static List<Integer> counts(String option, String value, int minimum) {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",")) {
            int count;
            try {
                count = Integer.parseInt(part.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes whole numbers separated by commas, got \"" + value + "\"");
            }
            if (count < minimum || count > 99_999) {
                throw new IllegalArgumentException(option + " values must be between " + minimum + " and 99,999, got " + count);
            }
            counts.add(count);
        }
        return List.copyOf(counts);
    }
}
