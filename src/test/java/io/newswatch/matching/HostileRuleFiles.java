package io.newswatch.matching;

import io.newswatch.rules.query.QueryException;
import io.newswatch.rules.query.QueryParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The rule files that stopped the daemon in the fault runs of issue 12 (F1), and one good rule
 * beside them. Each hostile file must cost its own rule only, with a {@code file:line:col} error.
 */
public final class HostileRuleFiles {
    private HostileRuleFiles() {}

    /** A hostile rule: its id (= file stem) and its query. */
    public record Hostile(String id, String query) {
        /** Where its error must point: line 4, and the column of the parser's offset inside the quoted scalar. */
        public String location() {
            try {
                QueryParser.parse(query);
                throw new AssertionError("query of " + id + " parses");
            } catch (QueryException e) {
                return id + ".yml:4:" + (QUERY_COLUMN + 1 + e.offset()) + ": ";
            }
        }
    }

    /** Column of the opening quote of the query on line 4. */
    static final int QUERY_COLUMN = "query: ".length() + 1;

    public static final List<Hostile> RULES = List.of(
            new Hostile("parens", "(".repeat(2000) + "troops" + ")".repeat(2000)),
            new Hostile("nots", "troops " + "NOT ".repeat(5000) + "exercise"),
            new Hostile("titles", "title:(".repeat(2000) + "troops" + ")".repeat(2000)),
            new Hostile("nearchain", IntStream.range(0, 3000).mapToObj(i -> "w" + i).collect(Collectors.joining(" NEAR/2 "))));

    /** A rule file with {@code query} as a single-quoted YAML scalar on line 4 (column 8 is its first character). */
    public static String ruleFile(String id, String title, String query) {
        return "id: " + id + "\ntitle: " + title + "\nseverity: low\nquery: '" + query.replace("'", "''") + "'\n";
    }

    /** A YAML file of 5,000 nested lists: the YAML composer recurses once per level. */
    public static String nestedYaml(String id) {
        return "id: " + id + "\ntitle: Deep\nseverity: low\nquery: " + "[".repeat(5000) + "x" + "]".repeat(5000) + "\n";
    }

    /** Writes every hostile rule, a deeply nested YAML file and the good rule {@code fine} into {@code dir}. */
    public static void writeAll(Path dir) throws IOException {
        for (Hostile h : RULES) {
            Files.writeString(dir.resolve(h.id() + ".yml"), ruleFile(h.id(), "Hostile", h.query()));
        }
        Files.writeString(dir.resolve("deepyaml.yml"), nestedYaml("deepyaml"));
        Files.writeString(dir.resolve("fine.yml"), ruleFile("fine", "Fine", "troops NEAR/5 border"));
    }
}
