package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryActivityTest {
    final DeliveryActivity activity = new DeliveryActivity("127.0.0.1:1", "pending", "ledger", "dlq", 2);

    static byte[] json(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPendingNotificationIsListedUntilItsTombstone() {
        activity.accept("pending", "ops/n1", json("{'notification':'n1','recipient':'ops','rule':'treaty','savedAt':'2026-12-01T10:00:00Z',"
                + "'alerts':[{'topic':'a','partition':0,'event':{'data':{'document':{'title':'Treaty signed'}}}}]}"), 0);
        activity.accept("pending", "desk/n2", json("{'notification':'n2','recipient':'desk','rule':'treaty','savedAt':'2026-12-01T09:00:00Z','alerts':[{},{}]}"), 0);
        List<DeliveryActivity.Pending> pending = activity.pending();
        assertEquals(List.of("n2", "n1"), pending.stream().map(DeliveryActivity.Pending::notification).toList(), "the longest waiting first");
        assertEquals("Treaty signed", pending.get(1).firstTitle());
        assertEquals(2, pending.get(0).alerts());
        activity.accept("pending", "desk/n2", null, 0);
        assertEquals(List.of("n1"), activity.pending().stream().map(DeliveryActivity.Pending::notification).toList());
    }

    @Test
    void ledgerEntriesAreGroupedByNotificationNewestFirstWithinCapacity() {
        activity.accept("ledger", "ops/a1", json("{'notification':'n1','rule':'treaty','outcome':'delivered','at':'2026-12-01T10:00:00Z'}"), 0);
        activity.accept("ledger", "ops/a2", json("{'notification':'n1','rule':'treaty','outcome':'delivered','at':'2026-12-01T10:00:00Z'}"), 0);
        activity.accept("ledger", "hook/a1", json("{'notification':'n2','rule':'treaty','outcome':'dead-lettered','at':'2026-12-01T11:00:00Z'}"), 0);
        List<DeliveryActivity.Delivery> recent = activity.recentDeliveries();
        assertEquals(2, recent.size());
        assertEquals("hook", recent.get(0).recipient());
        assertEquals("dead-lettered", recent.get(0).outcome());
        assertEquals(2, recent.get(1).alerts(), "two alerts of one notification");
        activity.accept("ledger", "ops/a3", json("{'notification':'n3','rule':'sanctions','outcome':'delivered','at':'2026-12-01T12:00:00Z'}"), 0);
        assertEquals(List.of("n3", "n2"), activity.recentDeliveries().stream().map(DeliveryActivity.Delivery::notification).toList(),
                "the oldest leaves beyond capacity");
        assertEquals(3, activity.totals()[0], "alerts delivered");
    }

    @Test
    void deadLettersKeepTheirReasonsNewestFirst() {
        activity.accept("dlq", "n1", json("{'kind':'notification','recipient':'hook','channel':'webhook','rule':'treaty',"
                + "'reason':'HTTP 410 Gone: permanent','attempts':1,'deadLetteredAt':'2026-12-01T10:00:00Z','alerts':[{}]}"), 0);
        activity.accept("dlq", "k", json("{'kind':'alert','reason':'not a CloudEvent','topic':'newswatch.alerts','partition':0,'offset':7}"), 1_000);
        List<DeliveryActivity.DeadLetter> letters = activity.recentDeadLetters();
        assertEquals("alert", letters.get(0).kind());
        assertEquals("not a CloudEvent", letters.get(0).reason());
        assertEquals("HTTP 410 Gone: permanent", letters.get(1).reason());
        assertEquals(1, letters.get(1).alerts());
        assertEquals(2, activity.totals()[1]);
    }

    @Test
    void anUnreadableRecordIsSkipped() {
        activity.accept("dlq", "x", "not json".getBytes(StandardCharsets.UTF_8), 0);
        activity.accept("pending", null, json("{}"), 0);
        assertTrue(activity.recentDeadLetters().isEmpty());
        assertTrue(activity.pending().isEmpty());
    }
}
