package io.newswatch.cli;

import io.newswatch.config.InvalidFileException;
import io.newswatch.classify.ClassifierTrainer;
import io.newswatch.classify.SecondStage;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.matching.LoadedRule;
import io.newswatch.rules.QueryQuoting;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.RuleExamples;
import io.newswatch.matching.RuleLoader;
import io.newswatch.config.FileProblem;
import io.newswatch.matching.RuleSet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code check-rules [--rules DIR]}: a linter for rule authors and CI. Checks every rule file, the
 * aliases, {@code _recipients.yml} and each rule's {@code notify:} names against it, and runs every
 * rule's examples. Prints every problem as {@code file:line:column: message} (warnings as
 * {@code file:line:column: warning: message}) and exits non-zero unless everything loads and every
 * example behaves; warnings alone do not fail it.
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
        List<FileProblem> recipientProblems = List.of();
        Optional<Set<String>> recipients;
        try {
            recipients = Optional.of(RecipientsFile.check(rulesDir.resolve(RecipientsFile.FILE_NAME)).names());
        } catch (InvalidFileException e) {
            recipientProblems = e.problems();
            recipients = Optional.empty(); // its names are unknown, so notify: cannot be checked until it is fixed
        }
        recipientProblems.forEach(out::println);
        RuleSet loaded = new RuleLoader(recipients).load(rulesDir);
        List<FileProblem> problems = new ArrayList<>(loaded.problems());
        List<LoadedRule> rules = new ArrayList<>();
        List<FileProblem> failures;
        try (RuleMatcher matcher = new RuleMatcher()) {
            for (LoadedRule rule : loaded.rules()) {
                try {
                    matcher.register(rule.id(), rule.query());
                    rules.add(rule);
                } catch (Throwable unexpected) { // one rule the matcher cannot take is that rule's problem only
                    problems.add(FileProblem.unexpected(rule.rule().file(), "adding the rule to the matcher", unexpected));
                }
            }
            failures = new ArrayList<>(RuleExamples.check(rules, matcher));
        }
        // The learned second stages, as the daemon trains them; a match example a classifier drops fails too.
        SecondStage stage = new SecondStage(new ClassifierTrainer(), out::println);
        for (LoadedRule rule : rules) {
            stage.prepare(rule);
            failures.addAll(stage.rejectedExamples(rule));
        }
        problems.forEach(out::println);
        failures.forEach(out::println);
        List<FileProblem> warnings = rules.stream().flatMap(rule -> QueryQuoting.warning(rule.source()).stream()).toList();
        warnings.forEach(w -> out.println(w.file() + ":" + w.line() + ":" + w.column() + ": warning: " + w.message()));
        int examples = rules.stream().mapToInt(r -> r.source().examples().size()).sum();
        int problemCount = problems.size() + recipientProblems.size();
        err.printf("check-rules: %d rule(s) loaded, %d problem(s), %d warning(s); %d example(s), %d failing%n",
                rules.size(), problemCount, warnings.size(), examples, failures.size());
        return problemCount == 0 && failures.isEmpty() ? 0 : 1;
    }
}
