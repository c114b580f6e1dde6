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
              scan [--rules DIR] [--explain] PATH...
                                               match files against the rules, one JSON line per match
                                               (--explain: the rule alternatives that fired, with their words)
              check-rules [--rules DIR]        load every rule and run its examples
              bench [--rules DIR] [--seeds DIR] [--seconds N] [--generated 1000,10000] [--luwak 10000] [--threads 1,2] [--stock]
                    matching throughput per CPU-second beside the analysis floor, rule-set memory
              backtest --rules DIR --rule FILE [--since 7d] [--data DIR]
                                               try a draft rule on the archive; additions and losses vs the rule in force
              evaluate --rules DIR --labels FILE [--docs DIR] [--split all|dev|validation] [--rule ID] [--json] [--no-classifier]
                                               precision and recall of each rule on a labelled corpus,
                                               with every false positive and false negative
              train-classifier --rules DIR --rule ID --labels FILE [--split dev] [--out FILE] [--pooling max|mean]
                               [--l2 X] [--threshold X] [--cross-validate]
                                               train a rule's passage classifier on the development split
                                               and write its weights file (RULES/ID.classifier.json)
              cluster [--window D] [--threshold X] FILE
                                               cluster a stream.tsv into stories: id<TAB>story-id per line
            """;

    /** What {@code kafka-streams.num.stream.threads} defaults to when NEWSWATCH_STREAM_THREADS is unset. */
    /** Outside the newswatch.* namespace, which Quarkus validates against the config mappings. */
    static final String CORES_PROPERTY = "host.available-processors";

    public static void main(String... args) {
        if (args.length == 0 || args[0].equals("run")) {
            // The default number of Kafka Streams threads (application.properties): one per core.
            if (System.getProperty(CORES_PROPERTY) == null) {
                System.setProperty(CORES_PROPERTY, String.valueOf(Runtime.getRuntime().availableProcessors()));
            }
            Quarkus.run(args);
            return;
        }
        int status;
        try {
            status = run(Arrays.asList(args), System.out, System.err);
        } catch (Throwable unexpected) { // a one-line message for the operator, never a raw stack trace
            System.err.println(args[0] + ": failed unexpectedly (" + unexpected.getClass().getSimpleName()
                    + (unexpected.getMessage() == null ? "" : ": " + unexpected.getMessage()) + "); report it as a newswatch bug");
            status = 2;
        }
        System.exit(status);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "scan" -> ScanCommand.run(rest, out, err);
            case "check-rules" -> CheckRulesCommand.run(rest, out, err);
            case "bench" -> BenchCommand.run(rest, out, err);
            case "backtest" -> BacktestCommand.run(rest, out, err);
            case "evaluate" -> EvaluateCommand.run(rest, out, err);
            case "train-classifier" -> TrainClassifierCommand.run(rest, out, err);
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
