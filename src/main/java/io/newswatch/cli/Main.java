package io.newswatch.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code quarkus-run.jar}. One-shot commands run as plain Java, without starting
 * the container (no HTTP port, no Kafka), so they can run beside a live daemon; no arguments or
 * {@code run} start the daemon.
 */
@QuarkusMain
public class Main {
    static final String USAGE = """
            usage: java -jar quarkus-run.jar [COMMAND]
              run                              start the daemon (the default)
              scan [--rules DIR] PATH...       match files against the rules, one JSON line per match
              check-rules [--rules DIR]        load every rule and run its examples
              bench [--rules DIR] [--seconds N] matching throughput and rule-set memory
              backtest --rules DIR --rule FILE [--since 7d] [--data DIR]
                                               try a draft rule on the archive; additions and losses vs the rule in force
              evaluate --rules DIR --labels FILE [--docs DIR] [--split all|dev|validation] [--rule ID] [--json]
                                               precision and recall of each rule on a labelled corpus,
                                               with every false positive and false negative
              cluster [--window D] [--threshold X] FILE
                                               cluster a stream.tsv into stories: id<TAB>story-id per line
            """;

    public static void main(String... args) {
        if (args.length == 0 || args[0].equals("run")) {
            Quarkus.run(args);
            return;
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "scan" -> ScanCommand.run(rest, out, err);
            case "check-rules" -> CheckRulesCommand.run(rest, out, err);
            case "bench" -> BenchCommand.run(rest, out, err);
            case "backtest" -> BacktestCommand.run(rest, out, err);
            case "evaluate" -> EvaluateCommand.run(rest, out, err);
            case "cluster" -> ClusterCommand.run(rest, out, err);
            case "help", "--help", "-h" -> {
                out.print(USAGE);
                yield 0;
            }
            default -> {
                err.println("unknown command \"" + args.get(0) + "\"");
                err.print(USAGE);
                yield 2;
            }
        };
    }
}
