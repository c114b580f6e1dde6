package io.newswatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot commands, run in-process as {@code java -jar quarkus-run.jar ...} would run them. */
class CommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {
        List<JsonNode> lines() throws Exception {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.lines().toList()) {
                nodes.add(JSON.readTree(line));
            }
            return nodes;
        }
    }

    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scanOfTheSeedsMatchesTheExpectedTable() throws Exception {
        Run run = run("scan", "--rules", "rules", "seeds");
        assertEquals(0, run.exit(), run.err());
        Map<String, Set<String>> byRule = new TreeMap<>();
        for (JsonNode line : run.lines()) {
            for (String field : List.of("document", "path", "title", "rule", "score", "highlights", "snippet")) {
                assertTrue(line.has(field), "missing " + field + " in " + line);
            }
            String seed = Path.of(line.get("path").asText()).getFileName().toString().substring(0, 3);
            byRule.computeIfAbsent(line.get("rule").asText(), r -> new TreeSet<>()).add(seed);
            JsonNode first = line.get("highlights").get(0);
            assertTrue(first.get("end").asInt() > first.get("start").asInt());
        }
        assertEquals(Set.of("000", "001", "002", "003", "004"), byRule.get("troop-deployment"));
        assertEquals(Set.of("000", "001", "002", "003", "004"), byRule.get("treaty"));
        Set<String> sanctions = byRule.get("sanctions");
        assertTrue(sanctions.containsAll(Set.of("000", "003", "004")), sanctions.toString());
        assertFalse(sanctions.contains("002"), sanctions.toString());
        assertTrue(run.err().contains("scan: 5 file(s) read, 0 skipped"), run.err());
    }

    @Test
    void scanExplainNamesTheRuleAlternativesThatFiredWithTheirWords() throws Exception {
        Run run = run("scan", "--rules", "rules", "--explain", "seeds");
        assertEquals(0, run.exit(), run.err());
        int explained = 0;
        for (JsonNode line : run.lines()) {
            JsonNode parts = line.get("explain");
            assertTrue(parts != null && parts.size() > 0, "a match without the parts that fired: " + line);
            for (JsonNode part : parts) {
                assertFalse(part.get("part").asText().isBlank(), line.toString());
                assertTrue(part.get("words").size() > 0, line.toString());
            }
            if (line.get("rule").asText().equals("troop-deployment")) {
                explained++;
                String all = parts.toString();
                assertTrue(all.contains("NEAR/") || all.contains("BEFORE/"), all);
            }
        }
        assertEquals(5, explained);
        assertFalse(run("scan", "--rules", "rules", "seeds").lines().getFirst().has("explain"));
    }

    @Test
    void scanReportsABadFileOnStderrAndStillScansTheOthers(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("image.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        Files.writeString(dir.resolve("empty.txt"), "");
        Files.writeString(dir.resolve("story.txt"), "Troops sent abroad\n\nThe government deployed 2,000 troops to the border on Monday.\n");
        Run run = run("scan", "--rules", "rules", dir.toString());
        assertEquals(0, run.exit());
        assertTrue(run.err().contains("image.bin: binary file"), run.err());
        assertTrue(run.err().contains("empty.txt:"), run.err());
        assertTrue(run.err().contains("1 file(s) read, 2 skipped"), run.err());
        assertTrue(run.out().contains("\"rule\":\"troop-deployment\""), run.out());
        assertFalse(run.err().contains("Exception"), "no stack traces for bad input: " + run.err());
    }

    @Test
    void checkRulesPassesOnTheShippedRules() {
        Run run = run("check-rules", "--rules", "rules");
        assertEquals("", run.out());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("3 rule(s) loaded, 0 problem(s)"), run.err());
    }

    @Test
    void checkRulesPrintsEachProblemWithItsLocationAndFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.yml"), """
                id: ok
                title: OK
                severity: low
                query: grain NEAR/3 export*
                examples:
                  match:
                    - Grain exports rose.
                  no_match:
                    - Grain exports were a record this year.
                """);
        Files.writeString(dir.resolve("bad.yml"), "id: bad\ntitle: Bad\nseverity: low\nquery: troops NEAR/x border\n");
        Run run = run("check-rules", "--rules", dir.toString());
        assertEquals(1, run.exit());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith(dir.resolve("bad.yml") + ":4:15: "), lines.get(0));
        assertTrue(lines.get(1).startsWith(dir.resolve("ok.yml") + ":9:7: example should not match rule ok but does"), lines.get(1));
    }

    @Test
    void checkRulesReportsHostileRuleFilesWithTheirLocationAndNoStackTrace(@TempDir Path dir) throws Exception {
        io.newswatch.matching.HostileRuleFiles.writeAll(dir);
        Run run = run("check-rules", "--rules", dir.toString());
        assertEquals(1, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(io.newswatch.matching.HostileRuleFiles.RULES.size() + 1, lines.size(), run.out());
        for (var hostile : io.newswatch.matching.HostileRuleFiles.RULES) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(dir + "/" + hostile.location())),
                    hostile.id() + ": expected " + hostile.location() + " in\n" + run.out());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(dir.resolve("deepyaml.yml") + ":4:")
                && l.contains("nested more than")), run.out());
        assertFalse((run.out() + run.err()).contains("\tat "), "no stack trace:\n" + run.out() + run.err());
        assertTrue(run.err().contains("check-rules: 1 rule(s) loaded, 5 problem(s)"), run.err());
    }

    @Test
    void checkRulesReportsReservedAndIllegalTopics(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("offsets.yml"), "id: offsets\ntitle: T\nseverity: low\nquery: troops\ntopic: __consumer_offsets\n");
        Files.writeString(dir.resolve("ledger.yml"), "id: ledger\ntitle: T\nseverity: low\nquery: troops\ntopic: newswatch_notifications_sent\n");
        Files.writeString(dir.resolve("dots.yml"), "id: dots\ntitle: T\nseverity: low\nquery: troops\ntopic: '..'\n");
        Run run = run("check-rules", "--rules", dir.toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().contains(dir.resolve("offsets.yml") + ":5:8: topic \"__consumer_offsets\" is reserved"), run.out());
        assertTrue(run.out().contains(dir.resolve("ledger.yml") + ":5:8: topic \"newswatch_notifications_sent\" is reserved (it collides"), run.out());
        assertTrue(run.out().contains(dir.resolve("dots.yml") + ":5:8: topic \"..\" is not a valid Kafka topic name"), run.out());
    }

    @Test
    void checkRulesValidatesTheRecipientsFileAndNotifyNames(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("_recipients.yml"), """
                recipients:
                  analysts: {email: analysts@example.org}
                  ops: {email: not-an-address}
                """);
        Files.writeString(dir.resolve("watch.yml"), "id: watch\ntitle: W\nseverity: low\nquery: troops\nnotify: [analysts]\n");
        Run broken = run("check-rules", "--rules", dir.toString());
        assertEquals(1, broken.exit());
        assertEquals(List.of(dir.resolve("_recipients.yml") + ":3:16: recipient 'ops': 'not-an-address' is not an email address (name@example.org)"),
                broken.out().lines().toList());

        Files.writeString(dir.resolve("_recipients.yml"), "recipients:\n  analysts: {email: analysts@example.org}\n");
        Files.writeString(dir.resolve("watch.yml"), "id: watch\ntitle: W\nseverity: low\nquery: troops\nnotify: [analyst]\n");
        Run unknown = run("check-rules", "--rules", dir.toString());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.out().startsWith(dir.resolve("watch.yml") + ":5:10: unknown recipient \"analyst\" in notify"), unknown.out());
    }

    @Test
    void checkRulesWarnsWhenYamlAteTheQuotesOfAPhraseAndExplainsALeadingAt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quoted.yml"), "id: quoted\ntitle: Q\nseverity: low\nquery: \"troops deployed\"\n");
        Files.writeString(dir.resolve("phrase.yml"), "id: phrase\ntitle: P\nseverity: low\nquery: '\"troops deployed\"'\n");
        Run quoted = run("check-rules", "--rules", dir.toString());
        assertEquals(0, quoted.exit(), "a warning does not fail the check: " + quoted.out());
        assertEquals(List.of(dir.resolve("quoted.yml") + ":4:8: warning: the quotes of query: \"troops deployed\" belong to YAML,"
                        + " not to the query, so it finds the words troops AND deployed anywhere in the text, not the phrase;"
                        + " for the phrase write query: '\"troops deployed\"' (or, if the words anywhere are meant, write them without quotes)"),
                quoted.out().lines().toList());
        assertTrue(quoted.err().contains("2 rule(s) loaded, 0 problem(s), 1 warning(s)"), quoted.err());

        Files.writeString(dir.resolve("quoted.yml"), "id: quoted\ntitle: Q\nseverity: low\nquery: @north_korea\n");
        Run at = run("check-rules", "--rules", dir.toString());
        assertEquals(1, at.exit());
        assertTrue(at.out().startsWith(dir.resolve("quoted.yml") + ":4:8: a YAML value cannot start with @ unquoted;"
                + " put the whole value in single quotes"), at.out());
        assertFalse(at.out().contains("Do not use @ for indentation"), at.out());
    }

    @Test
    void unknownCommandsAndOptionsExitWithUsage() {
        Run unknown = run("frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("usage:"), unknown.err());
        assertEquals(2, run("scan", "--fast", "seeds").exit());
        assertEquals(2, run("scan").exit());
        assertEquals(2, run("check-rules", "--rules").exit());
    }
}
