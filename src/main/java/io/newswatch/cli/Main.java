package io.newswatch.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of {@code quarkus-run.jar}. One-shot commands run as plain Java, without starting
 * the container (no HTTP port, no Kafka); no arguments or {@code run} start the daemon.
 */
@QuarkusMain
public class Main {
    public static void main(String... args) {
        if (args.length == 0 || args[0].equals("run")) {
            Quarkus.run(args);
            return;
        }
        System.err.println("unknown command: " + args[0] + " (expected run, scan or check-rules)");
        System.exit(2);
    }
}
