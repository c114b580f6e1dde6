package io.newswatch.console;

import io.newswatch.archive.DraftRule;

import io.newswatch.broker.Topics;
import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.YamlSource;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.matching.RuleExamples;
import io.newswatch.matching.RuleLoader;
import io.newswatch.rules.QueryQuoting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks a rule file's text pasted into the console exactly as {@code check-rules} checks a file:
 * the same parser, the daemon's compiler (its aliases), the recipients of {@code _recipients.yml},
 * the reserved topic names, the rule's own examples and the quoting warning. Nothing is written:
 * problems are reported under the file name the draft would be saved as ({@code <id>.yml}).
 */
public final class RuleWorkbench {
    /** Largest draft checked, in bytes; rule files are a few hundred. */
    public static final int MAX_BYTES = 64 * 1024;

    /** One problem or warning; line and column are 1-based. */
    public record Problem(int line, int column, String message, String text) {
        static Problem of(FileProblem p) {
            return new Problem(p.line(), p.column(), p.message(), p.toString());
        }
    }

    /**
     * The check's outcome. {@code rule} is present when the draft loads (its examples may still fail:
     * those are problems too, as check-rules counts them).
     */
    public record Check(String fileName, List<Problem> problems, List<Problem> warnings, Optional<LoadedRule> rule) {
        public boolean ok() {
            return problems.isEmpty() && rule.isPresent();
        }
    }

    private final Supplier<RuleCompiler> compiler;
    private final Path rulesDir;
    private final Topics topics;

    public RuleWorkbench(Supplier<RuleCompiler> compiler, Path rulesDir, Topics topics) {
        this.compiler = compiler;
        this.rulesDir = rulesDir;
        this.topics = topics;
    }

    public Check check(String yaml) {
        String text = yaml == null ? "" : yaml;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return failed("draft.yml", List.of(new FileProblem(Path.of("draft.yml"), 1, 1,
                    "the draft is larger than " + MAX_BYTES / 1024 + " KiB; rule files are a few hundred bytes")));
        }
        if (text.isBlank()) {
            return failed("draft.yml", List.of(new FileProblem(Path.of("draft.yml"), 1, 1,
                    "empty draft; paste a rule file's YAML (id, title, description, severity, query)")));
        }
        String name = "draft.yml";
        YamlSource source;
        try {
            source = DraftRule.yaml(null, bytes);
            name = source.file().getFileName().toString();
        } catch (InvalidFileException e) {
            return failed(name, e.problems());
        }
        RuleLoader loader = new RuleLoader(RecipientsFile.knownNames(rulesDir), topics);
        LoadedRule rule;
        try {
            rule = loader.load(source, compiler.get());
        } catch (InvalidFileException e) {
            return failed(name, e.problems());
        }
        List<Problem> problems = RuleExamples.check(rule).stream().map(Problem::of).toList();
        List<Problem> warnings = QueryQuoting.warning(rule.source()).stream().map(Problem::of).toList();
        return new Check(name, problems, warnings, Optional.of(rule));
    }

    private static Check failed(String name, List<FileProblem> problems) {
        return new Check(name, problems.stream().map(Problem::of).toList(), List.of(), Optional.empty());
    }
}
