package io.newswatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.broker.Topics;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.FileProblem;
import io.newswatch.config.YamlSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleFileParserTopicTest {
    private static YamlSource rule(String topic) throws InvalidFileException {
        String text = "id: troops\ntitle: Troops\nseverity: high\nquery: troops\ntopic: " + topic + "\n";
        return YamlSource.parse(Path.of("rules/troops.yml"), text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"newswatch.notifications.sent", "newswatch.notifications.dlq", "newswatch.alerts",
            "newswatch.documents", "__consumer_offsets", "__transaction_state", "newswatch-seen-documents-changelog",
            "newswatch-KSTREAM-REPARTITION-0000000003-repartition", "newswatch.internal", "newswatch_documents", "newswatch_alerts"})
    void aRuleNamingAReservedTopicIsRejectedAtTheTopicsPosition(String topic) throws Exception {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> RuleFileParser.parse(rule(topic)));

        List<FileProblem> problems = e.problems();
        assertEquals(1, problems.size(), problems.toString());
        FileProblem problem = problems.get(0);
        assertEquals(5, problem.line());
        assertEquals(8, problem.column());
        assertTrue(problem.toString().startsWith("rules/troops.yml:5:8: topic \"" + topic + "\" is reserved"), problem.toString());
        assertTrue(problem.message().contains("leave topic out to use newswatch.alerts.troops"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "'a b'"})
    void aTopicNameKafkaWouldRefuseIsRejectedAtTheTopicsPosition(String topic) throws Exception {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> RuleFileParser.parse(rule(topic)));
        FileProblem problem = e.problems().get(0);
        assertEquals(5, problem.line());
        assertTrue(problem.message().contains("is not a valid Kafka topic name"), problem.message());
    }

    @Test
    void aTopicNameTooLongForKafkaIsRejected() {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> RuleFileParser.parse(rule("t".repeat(250))));
        assertTrue(e.problems().get(0).message().contains("is not a valid Kafka topic name"), e.problems().toString());
    }

    @Test
    void theConfiguredLedgerAndAlertsTopicsAreReservedToo() throws Exception {
        Topics configured = new Topics(Topics.DOCUMENTS, "ops.alerts", "ops.dlq", "ops.sent", "newswatch");
        for (String topic : configured.own()) {
            assertThrows(InvalidFileException.class, () -> RuleFileParser.parse(rule(topic), configured), topic);
        }
    }

    @Test
    void aTopicOfItsOwnOrAnotherRulesTopicIsAccepted() throws Exception {
        assertEquals("custom.pacts", RuleFileParser.parse(rule("custom.pacts")).rule().topic());
        assertEquals("newswatch.alerts.other", RuleFileParser.parse(rule("newswatch.alerts.other")).rule().topic());
    }
}
