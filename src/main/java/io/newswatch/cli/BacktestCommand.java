package io.newswatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.newswatch.archive.ArchiveIndex;
import io.newswatch.archive.ArchiveRequestException;
import io.newswatch.archive.ArchiveSearcher;
import io.newswatch.archive.Backtest;
import io.newswatch.archive.DraftRule;
import io.newswatch.archive.TimeParameter;
import io.newswatch.config.InvalidFileException;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.search.Query;

/**
 * {@code backtest --rules DIR --rule FILE [--since 7d] [--until T] [--data DIR] [--limit N]}: runs a
 * draft rule file over the archive of a stopped daemon, or of a running one (read-only: it sees the
 * archive's last commit, at most a second old), and compares it with the rule of the same id in
 * {@code DIR}. The result is JSON on stdout (as {@code POST /api/backtest} returns it), a summary on
 * stderr. Exit 0 when it ran, 1 when the draft does not load, 2 for usage errors or no archive.
 */
final class BacktestCommand {
    static final String USAGE = "usage: backtest --rules DIR --rule FILE [--since 7d] [--until TIME] [--data DIR] [--limit N]";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private BacktestCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--rules", "rules", "--since", "7d", "--data", "data", "--limit", "20"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!List.of("--rules", "--rule", "--since", "--until", "--data", "--limit").contains(arg)) {
                err.println("backtest: unknown argument " + arg + "; " + USAGE);
                return 2;
            }
            if (i + 1 >= args.size()) {
                err.println("backtest: " + arg + " needs a value; " + USAGE);
                return 2;
            }
            options.put(arg, args.get(++i));
        }
        if (!options.containsKey("--rule")) {
            err.println("backtest: --rule FILE is missing; " + USAGE);
            return 2;
        }
        Path rulesDir = Path.of(options.get("--rules"));
        Path draftFile = Path.of(options.get("--rule"));
        long started = System.nanoTime();
        RuleSet rules = new RuleLoader().load(rulesDir);
        rules.problems().forEach(p -> err.println("backtest: rule in force not loaded: " + p));
        RuleCompiler compiler = new RuleCompiler(rules.aliases());
        DraftRule draft;
        try {
            draft = DraftRule.parse(draftFile.toString(), Files.readAllBytes(draftFile), compiler);
        } catch (InvalidFileException e) {
            e.problems().forEach(err::println);
            return 1;
        } catch (IOException e) {
            err.println("backtest: cannot read " + draftFile + " (" + e.getMessage() + ")");
            return 2;
        }
        Path archiveDir = Path.of(options.get("--data"), "archive");
        try (ArchiveIndex index = ArchiveIndex.openReadOnly(archiveDir)) {
            Instant now = Instant.now();
            Instant from = TimeParameter.parse("--since", options.get("--since"), now);
            Instant to = TimeParameter.parse("--until", options.get("--until"), now);
            int limit = parseLimit(options.get("--limit"));
            ArchiveSearcher searcher = new ArchiveSearcher(index, () -> compiler, Math.max(100, limit));
            Optional<Query> inForce = rules.rules().stream().filter(r -> r.id().equals(draft.rule().id())).findFirst().map(LoadedRule::query);
            Backtest backtest = new Backtest(index, searcher, Duration.ofMinutes(10), 1_000_000, Clock.systemUTC());
            Backtest.Result result = backtest.run(new Backtest.Request(draft.query(), inForce, from, to, limit));
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("rule", draft.rule().id());
            view.put("query", draft.rule().query());
            view.put("inForce", inForce.isPresent());
            view.put("from", from);
            view.put("to", to);
            view.put("result", result);
            out.println(JSON.writeValueAsString(view));
            err.printf("backtest: %s matched %d document(s) in %s%s%s in %d ms%n", draft.rule().id(), result.matched(), archiveDir,
                    result.diff().map(d -> "; against the rule in force: +" + d.added() + " added, -" + d.lost() + " lost").orElse("; no rule in force with this id"),
                    result.timedOut() ? " (time limit hit: partial)" : result.capped() ? " (result cap hit: difference partial)" : "",
                    (System.nanoTime() - started) / 1_000_000);
            return 0;
        } catch (ArchiveRequestException e) {
            err.println("backtest: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("backtest: " + e.getMessage());
            return 2;
        }
    }

    private static int parseLimit(String value) throws ArchiveRequestException {
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > 10_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ArchiveRequestException("--limit", "--limit must be a whole number from 0 to 10000, got " + value);
        }
    }
}
