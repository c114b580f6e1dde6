package io.newswatch.cli;

import io.newswatch.delivery.RecipientsFile;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleExamples;
import io.newswatch.matching.RuleLoader;
import io.newswatch.config.RuleProblem;
import io.newswatch.matching.RuleSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code check-rules [--rules DIR]}: a linter for rule authors and CI. Prints every problem as
 * {@code file:line:column: message} and exits non-zero unless every rule loads and every example
 * behaves.
 */
final class CheckRulesCommand {
    private CheckRulesCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of("rules");
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--rules") && i + 1 < args.size()) {
                rulesDir = Path.of(args.get(++i));
            } else {
                err.println("check-rules: unexpected argument " + args.get(i) + "; usage: check-rules [--rules DIR]");
                return 2;
            }
        }
        RuleSet rules = new RuleLoader(RecipientsFile.knownNames(rulesDir)).load(rulesDir);
        rules.problems().forEach(out::println);
        List<RuleProblem> failures;
        try (RuleMatcher matcher = new RuleMatcher()) {
            rules.rules().forEach(rule -> matcher.register(rule.id(), rule.query()));
            failures = RuleExamples.check(rules.rules(), matcher);
        }
        failures.forEach(out::println);
        int examples = rules.rules().stream().mapToInt(r -> r.source().examples().size()).sum();
        err.printf("check-rules: %d rule(s) loaded, %d problem(s); %d example(s), %d failing%n",
                rules.rules().size(), rules.problems().size(), examples, failures.size());
        return rules.problems().isEmpty() && failures.isEmpty() ? 0 : 1;
    }
}
