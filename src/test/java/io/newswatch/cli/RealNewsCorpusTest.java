package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.newswatch.cli.CommandsTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped rules on the real-news development corpus ({@code ../shared/corpus/realnews} from the
 * repository root: 1,823 wire and broadcaster texts with blind labels, see its GUIDE.md), measured
 * by {@code evaluate} on its fixed development and validation splits. The floors are the figures in
 * docs/rule-files.md minus {@link #MARGIN}, so a rule change that loses ground on real news fails
 * here. The corpus is not part of the repository; where it is absent the test is skipped with a
 * message. {@code -Dnewswatch.realnews.corpus=DIR} points it elsewhere.
 */
class RealNewsCorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("newswatch.realnews.corpus", "../shared/corpus/realnews"));
    /** Allowed drop below the published figures (about one document per rule and split). */
    static final double MARGIN = 0.02;

    /** Published precision and recall per rule, as in docs/rule-files.md: {dev, validation}. */
    record Figures(double precision, double recall) {}

    static final Map<String, Map<String, Figures>> PUBLISHED = Map.of(
            "dev", Map.of(
                    "troop-deployment", new Figures(0.915, 0.945),
                    "treaty", new Figures(0.910, 0.901),
                    "sanctions", new Figures(0.990, 0.981)),
            "validation", Map.of(
                    "troop-deployment", new Figures(0.917, 0.943),
                    "treaty", new Figures(0.900, 0.900),
                    "sanctions", new Figures(0.978, 0.978)));

    @ParameterizedTest(name = "{0} split")
    @ValueSource(strings = {"dev", "validation"})
    void shippedRulesKeepTheirPublishedFiguresOnRealNews(String split) throws Exception {
        Path labels = CORPUS.resolve("labels.tsv");
        assumeTrue(Files.isRegularFile(labels), "real-news corpus not found at " + CORPUS.toAbsolutePath().normalize()
                + " (labels.tsv missing); skipped. It lives in ../shared/corpus/realnews beside the repository,"
                + " or set -Dnewswatch.realnews.corpus=DIR");
        Run run = CommandsTest.run("evaluate", "--rules", "rules", "--labels", labels.toString(), "--split", split, "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode report = CommandsTest.JSON.readTree(run.out());
        assertEquals(0, report.get("problems").size(), "the corpus and the rules load without problems: " + report.get("problems"));
        assertTrue(report.get("documents").asInt() > (split.equals("dev") ? 1000 : 400), "documents read: " + report.get("documents"));

        List<String> below = new ArrayList<>();
        StringBuilder table = new StringBuilder(split + " split, " + report.get("documents") + " documents\n");
        for (JsonNode rule : report.get("rules")) {
            String id = rule.get("rule").asText();
            Figures floor = PUBLISHED.get(split).get(id);
            double precision = rule.get("precision").asDouble();
            double recall = rule.get("recall").asDouble();
            table.append(String.format(Locale.ROOT, "%-18s precision %.3f recall %.3f (tp %d fp %d fn %d)%n",
                    id, precision, recall, rule.get("tp").asInt(), rule.get("fp").asInt(), rule.get("fn").asInt()));
            if (floor == null) {
                continue;
            }
            if (precision < floor.precision() - MARGIN || recall < floor.recall() - MARGIN) {
                below.add(String.format(Locale.ROOT, "%s: precision %.3f (published %.3f), recall %.3f (published %.3f)",
                        id, precision, floor.precision(), recall, floor.recall()));
            }
        }
        System.out.print(table);
        assertEquals(3, report.get("rules").size(), "all three shipped rules are labelled: " + table);
        assertEquals(List.of(), below, "below the published figures minus " + MARGIN + "\n" + table);
    }
}
