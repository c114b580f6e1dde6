package io.newswatch.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.Alert;
import io.newswatch.delivery.AlertGrouper.Batch;
import io.newswatch.delivery.AlertGrouper.GroupKey;
import io.newswatch.rules.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertGrouperTest {
    static final org.apache.kafka.common.TopicPartition P0 = new org.apache.kafka.common.TopicPartition("alerts", 0);
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration INTERVAL = Duration.ofMinutes(5);
    static final Instant T0 = Instant.parse("2024-10-08T09:00:00Z");
    static final Rule OTHER = TestAlerts.rule("other-rule", "Other rule");

    final AlertGrouper grouper = new AlertGrouper(WAIT, INTERVAL);
    final GroupKey opsTroops = new GroupKey("ops", "troop-deployment");

    static Alert alert(String n) {
        return TestAlerts.simple(TestAlerts.TROOPS, n, T0);
    }

    static List<String> ids(Batch batch) {
        return batch.alerts().stream().map(Alert::id).toList();
    }

    @Test
    void theFirstAlertWaitsGroupWaitAndGathersTheOthers() {
        grouper.add(opsTroops, alert("1"), P0, T0);
        grouper.add(opsTroops, alert("2"), P0, T0.plusSeconds(10));
        grouper.add(opsTroops, alert("3"), P0, T0.plusSeconds(29));
        assertTrue(grouper.due(T0.plusSeconds(29)).isEmpty());
        List<Batch> due = grouper.due(T0.plusSeconds(30));
        assertEquals(1, due.size());
        assertEquals(List.of(alert("1").id(), alert("2").id(), alert("3").id()), ids(due.getFirst()));
        assertEquals(0, grouper.pendingAlerts());
    }

    @Test
    void theGroupsWaitingInTheWindowAreListedWithTheirSendTimeUntilSent() {
        GroupKey hooksTroops = new GroupKey("hooks", "troop-deployment");
        grouper.add(opsTroops, alert("1"), P0, T0);
        grouper.add(opsTroops, alert("2"), P0, T0.plusSeconds(10));
        grouper.add(hooksTroops, alert("3"), P0, T0.plusSeconds(20));
        List<AlertGrouper.WaitingGroup> waiting = grouper.waiting();
        assertEquals(List.of(opsTroops, hooksTroops), waiting.stream().map(AlertGrouper.WaitingGroup::key).toList());
        assertEquals(List.of(2, 1), waiting.stream().map(AlertGrouper.WaitingGroup::alerts).toList());
        assertEquals(List.of(T0.plus(WAIT), T0.plusSeconds(20).plus(WAIT)), waiting.stream().map(AlertGrouper.WaitingGroup::due).toList());
        assertEquals(alert("1").document().title(), waiting.getFirst().firstTitle());

        grouper.due(T0.plus(WAIT)); // ops is sent; its group stays open but empty until its interval ends
        assertEquals(List.of(hooksTroops), grouper.waiting().stream().map(AlertGrouper.WaitingGroup::key).toList());
        grouper.add(opsTroops, alert("4"), P0, T0.plusSeconds(40));
        assertEquals(T0.plus(WAIT).plus(INTERVAL), grouper.waiting().stream().filter(w -> w.key().equals(opsTroops))
                .findFirst().orElseThrow().due(), "an alert after a send waits for the interval");
    }

    @Test
    void theWaitingListIsRebuiltOnlyAfterAnAlertIsAddedForgottenOrSent() {
        org.apache.kafka.common.TopicPartition p1 = new org.apache.kafka.common.TopicPartition(P0.topic(), P0.partition() + 1);
        grouper.add(opsTroops, alert("1"), P0, T0);
        grouper.add(opsTroops, alert("2"), p1, T0.plusSeconds(5));
        List<AlertGrouper.WaitingGroup> first = grouper.waiting();
        assertTrue(first == grouper.waiting(), "nothing changed: the same list");
        assertFalse(grouper.add(opsTroops, alert("1"), P0, T0.plusSeconds(6)), "a repeat changes nothing");
        assertTrue(first == grouper.waiting(), "a repeated alert is not a change");

        grouper.forget(List.of(p1));
        assertEquals(List.of(1), grouper.waiting().stream().map(AlertGrouper.WaitingGroup::alerts).toList(),
                "the alert read from a lost partition no longer waits");
        grouper.due(T0.plus(WAIT));
        assertEquals(List.of(), grouper.waiting(), "sent groups are not listed");
    }

    @Test
    void theFiveSeedsGiveOneBatchPerRecipientAndRule() {
        List<Alert> seeds = TestAlerts.seeds(TestAlerts.TROOPS);
        GroupKey hooksTroops = new GroupKey("hooks", "troop-deployment");
        for (Alert seed : seeds) {
            grouper.add(opsTroops, seed, P0, T0);
            grouper.add(hooksTroops, seed, P0, T0);
        }
        List<Batch> due = grouper.due(T0.plus(WAIT));
        assertEquals(2, due.size());
        due.forEach(b -> assertEquals(5, b.alerts().size()));
    }

    @Test
    void laterAlertsWaitForTheGroupIntervalAfterASend() {
        grouper.add(opsTroops, alert("1"), P0, T0);
        assertEquals(1, grouper.due(T0.plus(WAIT)).size());
        Instant sent = T0.plus(WAIT);
        grouper.add(opsTroops, alert("2"), P0, sent.plusSeconds(1));
        grouper.add(opsTroops, alert("3"), P0, sent.plusSeconds(200));
        assertTrue(grouper.due(sent.plus(INTERVAL).minusMillis(1)).isEmpty());
        assertEquals(Optional.of(sent.plus(INTERVAL)), grouper.nextDue());
        List<Batch> second = grouper.due(sent.plus(INTERVAL));
        assertEquals(List.of(alert("2").id(), alert("3").id()), ids(second.getFirst()));
    }

    @Test
    void aGroupIdleForAWholeIntervalClosesAndTheNextAlertWaitsAgain() {
        grouper.add(opsTroops, alert("1"), P0, T0);
        grouper.due(T0.plus(WAIT));
        Instant idleEnd = T0.plus(WAIT).plus(INTERVAL);
        assertTrue(grouper.due(idleEnd).isEmpty());
        assertEquals(Optional.empty(), grouper.nextDue());
        grouper.add(opsTroops, alert("2"), P0, idleEnd.plusSeconds(1));
        assertTrue(grouper.due(idleEnd.plusSeconds(30)).isEmpty());
        assertEquals(1, grouper.due(idleEnd.plusSeconds(31)).size());
    }

    @Test
    void groupsOfOtherRulesAndRecipientsAreIndependent() {
        grouper.add(opsTroops, alert("1"), P0, T0);
        grouper.add(new GroupKey("ops", OTHER.id()), TestAlerts.simple(OTHER, "x", T0), P0, T0.plusSeconds(20));
        grouper.add(new GroupKey("hooks", "troop-deployment"), alert("1"), P0, T0.plusSeconds(25));
        List<Batch> first = grouper.due(T0.plus(WAIT));
        assertEquals(List.of(opsTroops), first.stream().map(Batch::key).toList());
        assertEquals(2, grouper.due(T0.plusSeconds(55)).size());
    }

    @Test
    void theSameAlertIsHeldOnceInAGroup() {
        assertTrue(grouper.add(opsTroops, alert("1"), P0, T0));
        assertFalse(grouper.add(opsTroops, alert("1"), P0, T0.plusSeconds(1)));
        assertEquals(1, grouper.due(T0.plus(WAIT)).getFirst().alerts().size());
    }

    @Test
    void shortSettingsWorkForTests() {
        var fast = new AlertGrouper(Duration.ofMillis(200), Duration.ofMillis(500));
        fast.add(opsTroops, alert("1"), P0, T0);
        assertTrue(fast.due(T0.plusMillis(199)).isEmpty());
        assertEquals(1, fast.due(T0.plusMillis(200)).size());
    }

    @Test
    void eachStoryIsItsOwnGroupAndGetsAtMostOneUpdatePerInterval() {
        Alert a0 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 0, "Reuters", 1, 1, T0);
        Alert a1 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 1, "BBC", 2, 2, T0);
        Alert b0 = TestAlerts.inStory(TestAlerts.TROOPS, "story-b", 0, "AP", 1, 1, T0);
        for (Alert alert : List.of(a0, a1, b0)) {
            grouper.add(GroupKey.of("ops", alert), alert, P0, T0);
        }
        List<Batch> first = grouper.due(T0.plus(WAIT));
        assertEquals(2, first.size(), "one notification per story");
        assertEquals(List.of(List.of(a0.id(), a1.id()), List.of(b0.id())),
                first.stream().sorted(java.util.Comparator.comparing(b -> b.key().storyId())).map(AlertGrouperTest::ids).toList());

        // three more articles on story a within the interval: held, then one update listing all three
        Instant sent = T0.plus(WAIT);
        Alert a2 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 2, "CNN", 3, 3, T0);
        Alert a3 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 3, "DW", 4, 4, T0);
        Alert a4 = TestAlerts.inStory(TestAlerts.TROOPS, "story-a", 4, "Al Jazeera", 5, 5, T0);
        grouper.add(GroupKey.of("ops", a2), a2, P0, sent.plusSeconds(10));
        assertTrue(grouper.due(sent.plusSeconds(60)).isEmpty());
        grouper.add(GroupKey.of("ops", a3), a3, P0, sent.plusSeconds(100));
        grouper.add(GroupKey.of("ops", a4), a4, P0, sent.plusSeconds(200));
        assertTrue(grouper.due(sent.plus(INTERVAL).minusMillis(1)).isEmpty(), "no update before the interval has passed");
        List<Batch> update = grouper.due(sent.plus(INTERVAL));
        assertEquals(1, update.size());
        assertEquals(new GroupKey("ops", "troop-deployment", "story-a"), update.getFirst().key());
        assertEquals(List.of(a2.id(), a3.id(), a4.id()), ids(update.getFirst()));
    }

    @Test
    void alertsWithoutAStoryStillGroupPerRecipientAndRule() {
        Alert plain = alert("1");
        assertEquals(opsTroops, GroupKey.of("ops", plain));
        assertEquals("", GroupKey.of("ops", plain).storyId());
    }
}
