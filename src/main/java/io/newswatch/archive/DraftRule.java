package io.newswatch.archive;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Rule;
import io.newswatch.config.InvalidFileException;
import io.newswatch.rules.RuleFileParser;
import io.newswatch.rules.RuleSource;
import io.newswatch.config.YamlSource;
import io.newswatch.rules.query.QueryException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.newswatch.config.FileProblem;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * A rule file's text that is not (yet) a file: read and compiled exactly as a rule file is, problems
 * reported with line and column under the name given, and never written anywhere.
 */
public record DraftRule(Rule rule, Query query) {
    /** Largest draft accepted, in bytes; rule files are a few hundred. */
    public static final int MAX_BYTES = 64 * 1024;

    /**
     * @param name the file name problems are reported under; {@code null} to name it after the
     *             draft's own id ({@code <id>.yml}), as the file it would be saved as
     */
    public static DraftRule parse(String name, byte[] yaml, RuleCompiler compiler) throws InvalidFileException {
        RuleSource source = RuleFileParser.parse(yaml(name, yaml));
        try {
            return new DraftRule(source.rule(), compiler.compile(source.rule().query()));
        } catch (QueryException e) {
            throw new InvalidFileException(source.query().problemAt(e.offset(), e.getMessage()));
        } catch (IndexSearcher.TooManyClauses e) {
            throw new InvalidFileException(source.query().problem("query is too big: it expands to more than "
                    + IndexSearcher.getMaxClauseCount() + " clauses; use fewer alias entries inside NEAR/BEFORE, or split the rule"));
        }
    }

    /**
     * The draft's YAML, read as a rule file is (the one place that reads a draft: the API's backtest
     * and the console's workbench both come here).
     *
     * @param name the file name problems are reported under; {@code null} to name it after the
     *             draft's own id ({@code <id>.yml}, or {@code draft.yml} without a usable id)
     */
    public static YamlSource yaml(String name, byte[] yaml) throws InvalidFileException {
        YamlSource source = YamlSource.parse(Path.of(name == null ? "draft.yml" : name), yaml);
        if (name == null) {
            Optional<String> id = declaredId(source);
            if (id.isPresent()) {
                source = YamlSource.parse(Path.of(id.get() + ".yml"), yaml);
            }
        }
        return source;
    }

    /** The {@code id:} the draft declares, when it is a plain word that can name a file. */
    private static Optional<String> declaredId(YamlSource yaml) {
        List<FileProblem> ignored = new ArrayList<>();
        for (NodeTuple entry : yaml.entries(yaml.root(), "a rule file", ignored)) {
            if ("id".equals(YamlSource.key(entry)) && entry.getValueNode() instanceof ScalarNode scalar
                    && scalar.getValue().matches("[a-z0-9][a-z0-9_-]{0,99}")) {
                return Optional.of(scalar.getValue());
            }
        }
        return Optional.empty();
    }

    public static DraftRule parse(String name, String yaml, RuleCompiler compiler) throws InvalidFileException {
        return parse(name, yaml.getBytes(StandardCharsets.UTF_8), compiler);
    }
}
