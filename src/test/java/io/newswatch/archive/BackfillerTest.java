package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.BackfillRequest;
import io.newswatch.rules.Rule;
import io.newswatch.rules.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillerTest {
    static final Instant NOW = T0.plus(Duration.ofHours(30));

    @TempDir Path dir;
    ArchiveIndex index;
    final List<BackfillRequest> sent = new ArrayList<>();
    final List<Backfiller> backfillers = new ArrayList<>();

    @BeforeEach
    void fill() throws Exception {
        index = ArchiveIndex.openForWriting(dir.resolve("archive"));
        put("old", "Troops sent to the border", 0);          // read 30 h ago: outside a 24 h window
        put("recent", "Troops sent to the border again", 20); // 10 h ago
        put("alerted", "Troops sent to the capital", 25);     // 5 h ago, already alerted by the rule
        put("other", "Weather report", 26);
        index.put(ArchiveFixture.alert("troops", "alerted", 1.0, T0.plus(Duration.ofHours(25))));
        index.commit(Map.of());
    }

    private void put(String id, String body, int hours) throws Exception {
        Instant at = T0.plus(Duration.ofHours(hours));
        index.put(document(id, "Title " + id, body, at), at);
    }

    @AfterEach
    void close() throws Exception {
        backfillers.forEach(Backfiller::close);
        index.close();
    }

    static Rule rule(String query, Duration backfill) {
        return new Rule("troops", "Troops", "", Severity.HIGH, query, Rule.defaultTopic("troops"), List.of(), List.of(), List.of(),
                Path.of("rules/troops.yml"), backfill);
    }

    Backfiller backfiller(int max) {
        Backfiller b = new Backfiller(index, ArchiveFixture.searcher(index), requests -> {
            synchronized (sent) {
                sent.addAll(requests);
            }
        }, deadline -> true, dir.resolve("archive-backfill.properties"), new Backfiller.Settings(max, Duration.ofSeconds(1)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        backfillers.add(b);
        return b;
    }

    List<String> sentIds() {
        synchronized (sent) {
            return sent.stream().map(r -> r.rule() + ":" + r.document().id()).sorted().toList();
        }
    }

    @Test
    void eachRequestNamesTheStoryTheArchiveHasItsDocumentIn() throws Exception {
        index.putStoryMembership("story-x", "recent", T0.plus(Duration.ofHours(20)));
        put("late", "Troops sent to the border once more", 27); // no story record archived yet
        index.commit(Map.of());
        backfiller(100).backfill(rule("troops", Duration.ofHours(24)), NOW);
        Map<String, String> stories = new java.util.HashMap<>();
        sent.forEach(r -> stories.put(r.document().id(), r.story()));
        assertEquals(java.util.Set.of("recent", "late"), stories.keySet());
        assertEquals("story-x", stories.get("recent"));
        assertEquals(null, stories.get("late"), "unknown: the alert goes out without a story");
    }

    @Test
    void aNewRuleSendsTheDocumentsOfItsWindowThatItMatchesAndHasNotAlertedOn() throws Exception {
        Backfiller b = backfiller(100);
        b.rulesInForce(List.of(rule("troops", Duration.ofHours(24))));
        assertTrue(b.awaitIdle(Duration.ofSeconds(30)));

        assertEquals(List.of("troops:recent"), sentIds());
        assertEquals("Troops sent to the border again", sent.getFirst().document().body());
    }

    @Test
    void theSameRuleSeenAgainOrReSavedUnchangedIsNotBackfilledAgainEvenByANewInstance() throws Exception {
        Backfiller b = backfiller(100);
        Rule first = rule("troops", Duration.ofHours(24));
        b.rulesInForce(List.of(first));
        b.rulesInForce(List.of(first));
        b.rulesInForce(List.of(rule("troops", Duration.ofHours(24)))); // re-saved: a new Rule, same query and window
        assertTrue(b.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(1, sentIds().size());

        Backfiller afterRestart = backfiller(100); // reads the state file
        afterRestart.rulesInForce(List.of(rule("troops", Duration.ofHours(24))));
        assertTrue(afterRestart.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(1, sentIds().size());
    }

    @Test
    void aChangedQueryOrWindowIsBackfilledAgain() throws Exception {
        Backfiller b = backfiller(100);
        b.rulesInForce(List.of(rule("troops", Duration.ofHours(24))));
        b.rulesInForce(List.of(rule("troops NEAR/3 border", Duration.ofHours(24))));
        b.rulesInForce(List.of(rule("troops NEAR/3 border", Duration.ofHours(48))));
        assertTrue(b.awaitIdle(Duration.ofSeconds(30)));

        assertEquals(List.of("troops:old", "troops:recent", "troops:recent", "troops:recent"), sentIds(),
                "the stream drops the repeats (AlertOnce); the wider window reaches the old document");
    }

    @Test
    void aRuleWithoutBackfillSendsNothing() throws Exception {
        Backfiller b = backfiller(100);
        b.rulesInForce(List.of(rule("troops", null)));
        assertTrue(b.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(List.of(), sentIds());
    }

    @Test
    void atMostTheConfiguredNumberOfDocumentsTheNewestFirst() throws Exception {
        put("newest", "Troops sent north", 29);
        index.commit(Map.of());
        Backfiller b = backfiller(1);
        assertEquals(1, b.backfill(rule("troops", Duration.ofHours(24)), NOW));
        assertEquals(List.of("troops:newest"), sentIds());
    }

    @Test
    void aQueryTheArchiveCannotRunIsReportedAndNothingIsSent() throws Exception {
        Backfiller b = backfiller(100);
        b.rulesInForce(List.of(rule("troops NEAR/0 sent", Duration.ofHours(24))));
        assertTrue(b.awaitIdle(Duration.ofSeconds(30)));
        assertEquals(List.of(), sentIds());
    }
}
