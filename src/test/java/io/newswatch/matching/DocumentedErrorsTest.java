package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.rules.Aliases;
import io.newswatch.rules.query.QueryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the error table in docs/rules.md true: every listed query fails with exactly the listed message. */
class DocumentedErrorsTest {
    private static final RuleCompiler COMPILER = new RuleCompiler(new Aliases(Map.of(
            "north_korea", List.of("north korea"), "russia", List.of("russia"))));

    @Test
    void everyDocumentedErrorIsTheRealOne() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/rules.md"));
        int start = lines.indexOf("### Query errors");
        assertTrue(start >= 0, "docs/rules.md has a ### Query errors section");
        List<String> checked = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("| `") && !line.startsWith("| (empty)")) {
                continue;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ", 2);
            String query = cells[0].equals("(empty)") ? "" : cells[0].substring(1, cells[0].length() - 1);
            QueryException e = assertThrows(QueryException.class, () -> COMPILER.compile(query), query);
            assertEquals(cells[1], e.getMessage(), query);
            checked.add(query);
        }
        assertTrue(checked.size() >= 20, "documented errors checked: " + checked);
    }
}
