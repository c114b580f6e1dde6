package io.newswatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.config.FileProblem;
import io.newswatch.config.InvalidFileException;
import io.newswatch.config.YamlSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleFileParserBackfillTest {
    private static Rule parse(String backfillLine) throws InvalidFileException {
        String text = "id: troops\ntitle: Troops\nseverity: high\nquery: troops\n" + backfillLine;
        return RuleFileParser.parse(YamlSource.parse(Path.of("rules/troops.yml"), text.getBytes(StandardCharsets.UTF_8))).rule();
    }

    @ParameterizedTest
    @CsvSource({"24h,PT24H", "30m,PT30M", "7d,PT168H", "2w,PT336H", "1m,PT1M", "30d,PT720H", "' 12H ',PT12H"})
    void aBackfillWindowIsReadAsADuration(String value, String expected) throws Exception {
        assertEquals(Optional.of(Duration.parse(expected)), parse("backfill: " + value + "\n").backfillWindow());
    }

    @Test
    void aRuleWithoutBackfillHasNone() throws Exception {
        assertEquals(Optional.empty(), parse("").backfillWindow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"24", "yesterday", "24 hours", "1.5h", "-1h", "PT24H", "''"})
    void aBackfillThatIsNotASpanIsRefusedAtItsPosition(String value) {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> parse("backfill: " + value + "\n"));
        FileProblem problem = e.problems().getFirst();
        assertEquals(5, problem.line(), problem.toString());
        assertEquals(11, problem.column(), problem.toString());
        assertTrue(problem.toString().startsWith("rules/troops.yml:5:11: backfill"), problem.toString());
        assertTrue(problem.message().contains("e.g. backfill: 24h"), problem.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"31d", "5w", "0m", "0h", "999999d"})
    void aBackfillOutsideOneMinuteToThirtyDaysIsRefused(String value) {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> parse("backfill: " + value + "\n"));
        FileProblem problem = e.problems().getFirst();
        assertEquals(5, problem.line());
        assertTrue(problem.message().contains("out of range; use between 1m and 30d"), problem.message());
    }

    @Test
    void aMisspelledBackfillKeyIsSuggested() {
        InvalidFileException e = assertThrows(InvalidFileException.class, () -> parse("backfil: 24h\n"));
        assertTrue(e.problems().getFirst().message().contains("did you mean \"backfill\""), e.problems().toString());
    }
}
