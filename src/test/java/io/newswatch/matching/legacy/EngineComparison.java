package io.newswatch.matching.legacy;

import io.newswatch.cli.GeneratedRules;
import io.newswatch.cli.MatchBench;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.Fields;
import io.newswatch.rules.Aliases;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.document.Document;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;

/**
 * The before/after table of docs/benchmarks.md in one run: the engine as it was before issue 14
 * ({@link LegacyRuleMatcher}), this engine and stock Lucene Monitor, on the same rules and
 * documents, each beside the analysis floor. Not a test; run it with exec:java (see
 * docs/benchmarks.md). Arguments: {@code documents-dir seconds set...} where a set is
 * {@code shipped}, {@code generated:N} or {@code luwak:N}; optional {@code engines=legacy,newswatch,stock}.
 */
public final class EngineComparison {
    private EngineComparison() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        double seconds = Double.parseDouble(args[1]);
        List<String> engines = List.of("legacy", "newswatch", "stock");
        List<MatchBench.RuleSetSpec> sets = new ArrayList<>();
        for (String set : Arrays.asList(args).subList(2, args.length)) {
            if (set.startsWith("engines=")) {
                engines = List.of(set.substring("engines=".length()).split(","));
            } else if (set.equals("shipped")) {
                RuleSet shipped = new RuleLoader().load(Path.of("rules"));
                Map<String, String> queries = new LinkedHashMap<>();
                shipped.rules().forEach(r -> queries.put(r.id(), r.rule().query()));
                sets.add(new MatchBench.RuleSetSpec("shipped", shipped.aliases(), queries));
            } else if (set.startsWith("generated:")) {
                GeneratedRules rules = GeneratedRules.of(Integer.parseInt(set.substring(10)), 42);
                sets.add(new MatchBench.RuleSetSpec("generated", rules.aliases(Aliases.NONE), rules.queries()));
            } else if (set.startsWith("luwak:")) {
                GeneratedRules rules = GeneratedRules.luwakStyle(Integer.parseInt(set.substring(6)), 42);
                sets.add(new MatchBench.RuleSetSpec("luwak-style", Aliases.NONE, rules.queries()));
            } else {
                throw new IllegalArgumentException("unknown rule set " + set + "; use shipped, generated:N or luwak:N");
            }
        }
        DocumentFileReader reader = new DocumentFileReader();
        List<Document> documents = new ArrayList<>();
        for (Path file : reader.listFiles(folder)) {
            documents.add(reader.read(file, Instant.now()));
        }
        System.out.printf("%d documents from %s (avg %d chars), %.0f s per row, Java %s, %d cores%n", documents.size(), folder,
                documents.stream().mapToInt(d -> Fields.combinedText(d).length()).sum() / documents.size(), seconds,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        List<MatchBench.EngineKind> kinds = new ArrayList<>();
        for (String engine : engines) {
            kinds.add(switch (engine) {
                case "legacy" -> legacy();
                case "newswatch" -> MatchBench.newswatch();
                case "stock" -> MatchBench.stockMonitor();
                default -> throw new IllegalArgumentException("unknown engine " + engine);
            });
        }
        new MatchBench(documents, seconds, System.out).run(sets, kinds, List.of(1));
    }

    private static MatchBench.EngineKind legacy() {
        return new MatchBench.EngineKind("before (a40ae1c)", () -> new MatchBench.CompilingEngine() {
            private final LegacyRuleMatcher matcher = new LegacyRuleMatcher();

            @Override
            protected MatchBench.QueryCompiler compilerFor(Aliases aliases) {
                return new LegacyRuleCompiler(aliases)::compile;
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
            public void close() {
                matcher.close();
            }
        });
    }
}
