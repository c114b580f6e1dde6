package io.newswatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/match}, called as the REST layer calls it, against the shipped rules. */
class MatchResourceTest {
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
        Response response = resource.match(seed, true);
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
        MatchResource.MatchesView view = (MatchResource.MatchesView) resource.match(seed, false).getEntity();
        assertFalse(view.matches().isEmpty());
        view.matches().forEach(m -> assertNull(m.explain()));
    }
}
