package io.newswatch.archive;

import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Rule;
import io.newswatch.config.RuleFileException;
import io.newswatch.rules.RuleFileParser;
import io.newswatch.rules.RuleSource;
import io.newswatch.config.YamlSource;
import io.newswatch.rules.query.QueryException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * A rule file's text that is not (yet) a file: read and compiled exactly as a rule file is, problems
 * reported with line and column under the name given, and never written anywhere.
 */
public record DraftRule(Rule rule, Query query) {
    /** Largest draft accepted, in bytes; rule files are a few hundred. */
    public static final int MAX_BYTES = 64 * 1024;

    public static DraftRule parse(String name, byte[] yaml, RuleCompiler compiler) throws RuleFileException {
        Path file = Path.of(name);
        RuleSource source = RuleFileParser.parse(YamlSource.parse(file, yaml));
        try {
            return new DraftRule(source.rule(), compiler.compile(source.rule().query()));
        } catch (QueryException e) {
            throw new RuleFileException(source.query().problemAt(e.offset(), e.getMessage()));
        } catch (IndexSearcher.TooManyClauses e) {
            throw new RuleFileException(source.query().problem("query is too big: it expands to more than "
                    + IndexSearcher.getMaxClauseCount() + " clauses; use fewer alias entries inside NEAR/BEFORE, or split the rule"));
        }
    }

    public static DraftRule parse(String name, String yaml, RuleCompiler compiler) throws RuleFileException {
        return parse(name, yaml.getBytes(StandardCharsets.UTF_8), compiler);
    }
}
