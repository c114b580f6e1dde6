package io.newswatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/match} applies the file reader's text check: binary bodies are refused, text in its encodings matched. */
class MatchResourceTest {
    @TempDir Path rulesDir;
    MatchResource resource = new MatchResource();

    @BeforeEach
    void rules() throws Exception {
        Files.writeString(rulesDir.resolve("troops.yml"), "id: troops\ntitle: Troops\nseverity: high\nquery: troops NEAR/5 border\n");
        resource.rules = new RuleRegistry(rulesDir, new RuleLoader(), rule -> {});
        resource.rules.reload();
    }

    @AfterEach
    void close() {
        resource.rules.close();
    }

    @Test
    void aBinaryBodyIsRefusedWithTheFileReadersReason() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Response response = resource.match(png, false);
        assertEquals(415, response.getStatus());
        String error = (String) ((Map<?, ?>) response.getEntity()).get("error");
        assertTrue(error.startsWith("the body is not text: binary file (NUL byte at offset 8)"), error);
    }

    @Test
    void textIsMatchedInUtf8AndWindows1252() {
        String text = "Troops at the border\n\nThe army sent troops to the border on Monday — officials said.";
        for (var charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_8, java.nio.charset.Charset.forName("windows-1252")}) {
            Response response = resource.match(text.getBytes(charset), false);
            assertEquals(200, response.getStatus(), charset.name());
            assertEquals(1, ((MatchResource.MatchesView) response.getEntity()).matches().size(), charset.name());
        }
    }

    @Test
    void anEmptyBodyIsStillABadRequest() {
        assertEquals(400, resource.match(new byte[0], false).getStatus());
    }

    /** Against the shipped rules and a seed article. */
    @org.junit.jupiter.api.Nested
    class Explain {
        private final MatchResource resource = new MatchResource();
        private String seed;

        @BeforeEach
        void loadTheShippedRules() throws Exception {
            resource.rules = new RuleRegistry(Path.of("rules"), new RuleLoader(), rule -> {});
            resource.rules.reload();
            try (var files = Files.list(Path.of("seeds"))) {
                seed = Files.readString(files.sorted().findFirst().orElseThrow());
            }
        }

        @AfterEach
        void close() {
            resource.rules.close();
        }

        @Test
        void explainTrueNamesTheAlternativesThatFiredWithTheirWords() {
            Response response = resource.match(seed.getBytes(StandardCharsets.UTF_8), true);
            assertEquals(200, response.getStatus());
            MatchResource.MatchesView view = (MatchResource.MatchesView) response.getEntity();
            assertFalse(view.matches().isEmpty());
            for (MatchResource.MatchView match : view.matches()) {
                assertFalse(match.explain().isEmpty(), "no fired part for " + match.rule());
                for (MatchResource.PartView part : match.explain()) {
                    assertFalse(part.part().isBlank());
                    assertFalse(part.words().isEmpty(), part.toString());
                }
            }
            MatchResource.MatchView troops = view.matches().stream().filter(m -> m.rule().equals("troop-deployment")).findFirst().orElseThrow();
            // Seed 000 says "North Korean troop deployment": the rule's troop BEFORE/1 (deployment OR ...) alternative.
            assertTrue(troops.explain().stream().anyMatch(p -> p.part().startsWith("troop BEFORE/1") && p.words().contains("deployment")),
                    troops.explain().toString());
        }

        @Test
        void withoutExplainTheMatchesCarryNoExplanation() {
            MatchResource.MatchesView view = (MatchResource.MatchesView) resource.match(seed.getBytes(StandardCharsets.UTF_8), false).getEntity();
            assertFalse(view.matches().isEmpty());
            view.matches().forEach(m -> assertNull(m.explain()));
        }

    }
}
