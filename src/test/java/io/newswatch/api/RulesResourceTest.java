package io.newswatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newswatch.evaluation.EvaluationReport;
import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.evaluation.RuleFigures;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.matching.RuleScore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/rules/{id}/evaluation}'s document, beside {@code evaluate --json}'s. */
class RulesResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final RuleScore TROOPS = new RuleScore("troops", 2, 1, 1, 1,
            List.of(new RuleScore.Error("docs/c.txt", "Troops return home after parade", "sent home", List.of("troops", "sent"))),
            List.of(new RuleScore.Error("docs/d.txt", "US marines land on disputed island", "marines landed abroad", List.of())));
    private static final RuleScore QUIET = new RuleScore("quiet", 0, 0, 0, 3, List.of(), List.of());
    private static final EvaluationReport REPORT = new EvaluationReport("5 document(s)", 5, 8, EvaluationSplit.ALL,
            List.of(TROOPS, QUIET), List.of("labels.tsv:6: no rule \"gone\" is in force"));

    private static RuleEvaluations.Status status(EvaluationReport report, boolean running, String error) {
        return new RuleEvaluations.Status(Path.of("labels.tsv"), Path.of("docs"), EvaluationSplit.ALL, running, report,
                report == null ? null : Instant.parse("2026-12-02T10:00:00Z"), report != null, error, List.of());
    }

    private static JsonNode api(String rule, RuleEvaluations.Status status) {
        return JSON.valueToTree(RulesResource.evaluationView(rule, status));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aRulesEvaluationGivesTheRuleWithTheSameFieldsAndValuesAsEvaluateJson() throws Exception {
        JsonNode cli = JSON.readTree(REPORT.toJson()).get("rules");
        for (int i = 0; i < cli.size(); i++) {
            JsonNode rule = cli.get(i);
            JsonNode api = api(rule.get("rule").asText(), status(REPORT, false, null));
            assertEquals("ok", api.get("state").asText());
            for (String field : fields(rule)) {
                assertEquals(rule.get(field), api.get(field), field + " of " + rule.get("rule"));
            }
        }
        JsonNode troops = cli.get(0);
        assertEquals(List.of("rule", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "falsePositives", "falseNegatives"), fields(troops));
        assertEquals(List.of("troops", "sent"), JSON.convertValue(troops.get("falsePositives").get(0).get("words"), List.class));
        assertEquals("US marines land on disputed island", troops.get("falseNegatives").get(0).get("title").asText());
        assertTrue(cli.get(1).get("precision").isNull(), "undefined: null");
    }

    @Test
    void withoutFiguresYetTheRuleHasTheSameFieldsEachFigureNullAndNoDocuments() {
        List<String> shape = fields(JSON.valueToTree(RuleFigures.of(TROOPS)));
        for (RuleEvaluations.Status status : List.of(status(null, true, null), status(null, false, "labels.tsv: cannot be read"),
                status(new EvaluationReport("5 document(s)", 5, 8, EvaluationSplit.ALL, List.of(QUIET), List.of()), false, null))) {
            JsonNode api = api("troops", status);
            assertTrue(fields(api).containsAll(shape), fields(api).toString());
            assertEquals("troops", api.get("rule").asText());
            for (String figure : List.of("tp", "fp", "fn", "tn", "precision", "recall", "f1")) {
                assertTrue(api.get(figure).isNull(), figure + " while " + api.get("state"));
            }
            assertEquals(0, api.get("falsePositives").size());
            assertEquals(0, api.get("falseNegatives").size());
            assertFalse(api.get("state").asText().equals("ok"));
        }
        assertEquals("running", api("troops", status(null, true, null)).get("state").asText());
        assertEquals("failed", api("troops", status(null, false, "labels.tsv: cannot be read")).get("state").asText());
    }
}
