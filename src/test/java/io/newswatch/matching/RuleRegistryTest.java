package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.config.FileProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's view of the rules folder: what each reload checks and reports per file. */
class RuleRegistryTest {
    @TempDir Path dir;

    private RuleRegistry registry() {
        return new RuleRegistry(dir, new RuleLoader(), rule -> { });
    }

    private static RuleState only(RuleRegistry registry) {
        assertEquals(1, registry.states().size(), registry.states().toString());
        return registry.states().getFirst();
    }

    @Test
    void runsTheExamplesOnEveryReloadAndShowsAFailingOneAsAWarning() throws Exception {
        Path file = dir.resolve("grain.yml");
        Files.writeString(file, """
                id: grain
                title: Grain
                severity: low
                query: grain NEAR/3 export*
                examples:
                  no_match:
                    - Grain exports rose.
                """);
        try (RuleRegistry registry = registry()) {
            registry.reload();
            RuleState state = only(registry);
            assertEquals("warning", state.status());
            assertEquals(1, registry.activeCount(), "the rule is in force: a failing example is a warning");
            assertEquals(List.of(file + ":7:7: example should not match rule grain but does: \"Grain exports rose.\""),
                    state.warnings().stream().map(FileProblem::toString).toList());

            Files.writeString(file, Files.readString(file).replace("no_match:", "match:"));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            registry.reload();
            assertEquals("ok", only(registry).status());
            assertEquals(List.of(), only(registry).warnings());
        }
    }

    @Test
    void anEditThatKeepsTheFilesSizeAndModificationTimeIsReloaded() throws Exception {
        Path file = dir.resolve("grain.yml");
        Files.writeString(file, "id: grain\ntitle: Grain\nseverity: low\nquery: grain NEAR/3 export*\n");
        try (RuleRegistry registry = registry()) {
            registry.reload();
            assertEquals("grain NEAR/3 export*", only(registry).active().query());
            FileTime modified = Files.getLastModifiedTime(file);

            // one character changed, saved within the same timestamp tick (or on a coarse file system)
            Files.writeString(file, "id: grain\ntitle: Grain\nseverity: low\nquery: grain NEAR/4 export*\n");
            Files.setLastModifiedTime(file, modified);
            registry.reload();

            assertEquals("grain NEAR/4 export*", only(registry).active().query());
        }
    }

    @Test
    void warnsWhenYamlAteTheQuotesOfAPhrase() throws Exception {
        Files.writeString(dir.resolve("troops.yml"), "id: troops\ntitle: T\nseverity: low\nquery: \"troops deployed\"\n");
        try (RuleRegistry registry = registry()) {
            registry.reload();
            RuleState state = only(registry);
            assertEquals("warning", state.status());
            assertTrue(state.warnings().getFirst().message().contains("for the phrase write query: '\"troops deployed\"'"),
                    state.warnings().toString());
        }
    }
}
