package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.document.Document;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, F1: a rule file that fails to load in any way, hostile queries and deep YAML as well as
 * an Error thrown while it is put in force, costs that rule only, at start and on hot reload, and
 * later edits still apply. Runs the registry on a thread with a small stack, as a timer thread.
 */
class RuleRegistryIsolationTest {
    @TempDir Path dir;
    private RuleRegistry registry;

    /** Rules titled "Overflow" or "Oom" make activation throw, as a bug deep in a library would. */
    private static final RuleRegistry.Activation EXPLODING = rule -> {
        switch (rule.title()) {
            case "Overflow" -> throw new StackOverflowError();
            case "Oom" -> throw new OutOfMemoryError("Java heap space");
            default -> { }
        }
    };

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private void reloadOnSmallStack() throws InterruptedException {
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                registry.reload();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack-reload", 512 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError("reload threw " + failure[0], failure[0]);
        }
    }

    private Map<String, RuleState> states() {
        return registry.states().stream().collect(Collectors.toMap(s -> s.file().getFileName().toString(), Function.identity()));
    }

    private boolean matches(String ruleId, String text) {
        Instant now = Instant.now();
        Document document = new Document("d", "file", "x.txt", "", text, now, "en", now, List.of(), List.of());
        return registry.match(document).stream().anyMatch(m -> m.ruleId().equals(ruleId));
    }

    /** Rewrites a file so the registry sees a change even within one mtime tick. */
    private void write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2000 + content.length()));
    }

    private void assertHostileRulesRefused(Map<String, RuleState> states) {
        for (HostileRuleFiles.Hostile h : HostileRuleFiles.RULES) {
            RuleState state = states.get(h.id() + ".yml");
            assertEquals("error", state.status(), h.id());
            String problem = state.problems().getFirst().toString();
            assertTrue(problem.contains(h.location()), h.id() + ": expected " + h.location() + " in " + problem);
        }
        RuleState deep = states.get("deepyaml.yml");
        assertEquals("error", deep.status());
        assertTrue(deep.problems().getFirst().toString().contains("deepyaml.yml:4:"), deep.problems().toString());
        assertTrue(deep.problems().getFirst().message().contains("nested more than"), deep.problems().toString());
    }

    @Test
    void hostileRuleFilesAtStartCostOnlyTheirOwnRule() throws Exception {
        HostileRuleFiles.writeAll(dir);
        registry = new RuleRegistry(dir, new RuleLoader(), EXPLODING);
        reloadOnSmallStack();

        Map<String, RuleState> states = states();
        assertHostileRulesRefused(states);
        assertEquals("ok", states.get("fine.yml").status());
        assertEquals(1, registry.activeCount());
        assertTrue(matches("fine", "Troops massed at the border."));
    }

    @Test
    void hostileRuleFilesAddedWhileRunningCostOnlyTheirOwnRuleAndLaterEditsStillApply() throws Exception {
        write("fine.yml", HostileRuleFiles.ruleFile("fine", "Fine", "troops NEAR/5 border"));
        registry = new RuleRegistry(dir, new RuleLoader(), EXPLODING);
        reloadOnSmallStack();
        assertEquals(1, registry.activeCount());

        for (HostileRuleFiles.Hostile h : HostileRuleFiles.RULES) {
            write(h.id() + ".yml", HostileRuleFiles.ruleFile(h.id(), "Hostile", h.query()));
        }
        write("deepyaml.yml", HostileRuleFiles.nestedYaml("deepyaml"));
        write("fine.yml", HostileRuleFiles.ruleFile("fine", "Fine", "tanks NEAR/5 border"));
        reloadOnSmallStack();

        assertHostileRulesRefused(states());
        assertTrue(matches("fine", "Tanks rolled to the border."), "the edit made with the hostile files applies");
        assertTrue(!matches("fine", "Troops massed at the border."));

        // later edits: a hostile file fixed, the good rule edited again
        write("parens.yml", HostileRuleFiles.ruleFile("parens", "Fixed", "((troops)) NEAR/3 border"));
        write("fine.yml", HostileRuleFiles.ruleFile("fine", "Fine", "ships NEAR/5 harbour"));
        reloadOnSmallStack();
        assertEquals("ok", states().get("parens.yml").status());
        assertTrue(matches("parens", "Troops at the border."));
        assertTrue(matches("fine", "Ships left the harbour."));
        assertEquals(2, registry.activeCount());
    }

    @Test
    void anErrorThrownWhilePuttingARuleInForceCostsThatRuleOnlyAtStartAndOnReload() throws Exception {
        write("fine.yml", HostileRuleFiles.ruleFile("fine", "Fine", "troops NEAR/5 border"));
        write("overflow.yml", HostileRuleFiles.ruleFile("overflow", "Overflow", "tanks"));
        registry = new RuleRegistry(dir, new RuleLoader(), EXPLODING);
        reloadOnSmallStack();
        Map<String, RuleState> atStart = states();
        assertEquals("ok", atStart.get("fine.yml").status());
        assertEquals("error", atStart.get("overflow.yml").status());
        assertTrue(atStart.get("overflow.yml").problems().getFirst().toString()
                .startsWith(dir.resolve("overflow.yml") + ":1:1: preparing the rule failed unexpectedly (StackOverflowError)"),
                atStart.get("overflow.yml").problems().toString());

        // on reload: the good rule's edit turns it into one that blows up; its last good version stays
        write("fine.yml", HostileRuleFiles.ruleFile("fine", "Oom", "ships NEAR/5 harbour"));
        write("other.yml", HostileRuleFiles.ruleFile("other", "Other", "grain"));
        reloadOnSmallStack();
        Map<String, RuleState> afterReload = states();
        assertEquals("error (last good version active)", afterReload.get("fine.yml").status());
        assertTrue(afterReload.get("fine.yml").problems().getFirst().message().contains("OutOfMemoryError: Java heap space"));
        assertTrue(matches("fine", "Troops massed at the border."), "last good version in force");
        assertEquals("ok", afterReload.get("other.yml").status());

        // later edits still apply
        write("fine.yml", HostileRuleFiles.ruleFile("fine", "Fine", "ships NEAR/5 harbour"));
        write("overflow.yml", HostileRuleFiles.ruleFile("overflow", "Tamed", "tanks"));
        reloadOnSmallStack();
        assertEquals("ok", states().get("fine.yml").status());
        assertEquals("ok", states().get("overflow.yml").status());
        assertTrue(matches("fine", "Ships left the harbour."));
        assertTrue(matches("overflow", "Tanks rolled in."));
        assertNotNull(registry.rule("overflow").orElse(null));
        assertNull(registry.rule("missing").orElse(null));
    }

    @Test
    void hostileAliasEntriesCostOnlyThoseEntries() throws Exception {
        Files.writeString(dir.resolve(AliasesFile.FILE_NAME), "army:\n  - troops\n  - '" + "(".repeat(2000) + "soldiers'\n"
                + "nots:\n  - '" + "NOT ".repeat(3000) + "'\n"
                + "huge:\n" + java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "  - w" + i + " v" + i + "\n").collect(Collectors.joining())
                + "deep: " + "[".repeat(3000) + "]".repeat(3000) + "\n");
        write("fine.yml", HostileRuleFiles.ruleFile("fine", "Fine", "@army NEAR/5 border"));
        // two-word entries: each stays a phrase of its own (single words inside NEAR would share one word set and fit)
        write("hugechain.yml", HostileRuleFiles.ruleFile("hugechain", "Huge", "@huge NEAR/2 @huge NEAR/2 @huge"));
        registry = new RuleRegistry(dir, new RuleLoader(), EXPLODING);
        reloadOnSmallStack();
        // the nested list makes the whole aliases file unreadable, with its location
        assertTrue(registry.globalProblems().stream().anyMatch(p -> p.toString().contains(AliasesFile.FILE_NAME + ":")
                && p.message().contains("nested more than")), registry.globalProblems().toString());

        Files.writeString(dir.resolve(AliasesFile.FILE_NAME), "army:\n  - troops\n  - '" + "(".repeat(2000) + "soldiers'\n"
                + "nots:\n  - '" + "NOT ".repeat(3000) + "'\n"
                + "huge:\n" + java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "  - w" + i + " v" + i + "\n").collect(Collectors.joining()));
        Files.setLastModifiedTime(dir.resolve(AliasesFile.FILE_NAME), FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        reloadOnSmallStack();
        // alias entries are words, not queries: parentheses and NOTs in them are just text
        assertEquals(List.of(), registry.globalProblems());
        assertEquals("ok", states().get("fine.yml").status(), states().toString());
        assertTrue(matches("fine", "Troops massed at the border."));
        assertTrue(matches("fine", "Soldiers massed at the border."), "the entry with parentheses is just the word soldiers");
        assertEquals("error", states().get("hugechain.yml").status());
        assertTrue(states().get("hugechain.yml").problems().getFirst().message().contains("too big"),
                states().get("hugechain.yml").problems().toString());
    }
}
