package io.newswatch.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.newswatch.alerts.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationTest {
    static final Recipient OPS = new Recipient.Email("ops", "ops@example.org", true);
    static final Recipient DESK = new Recipient.Email("desk", "desk@example.org", false);
    static final Instant T0 = Instant.parse("2024-10-08T09:00:00Z");

    @Test
    void theIdDependsOnRecipientRuleAndAlertsButNotOnTheirOrder() {
        List<Alert> seeds = TestAlerts.seeds(TestAlerts.TROOPS);
        List<Alert> shuffled = new ArrayList<>(seeds);
        Collections.reverse(shuffled);
        Notification a = Notification.of(OPS, seeds);
        assertEquals(a.id(), Notification.of(OPS, shuffled).id());
        assertEquals(a.alerts(), Notification.of(OPS, shuffled).alerts());
        assertNotEquals(a.id(), Notification.of(DESK, seeds).id());
        assertNotEquals(a.id(), Notification.of(OPS, seeds.subList(0, 4)).id());
        assertEquals(32, a.id().length());
        assertEquals("Troop deployment", a.ruleTitle());
    }

    @Test
    void alertsAreListedOldestFirst() {
        Alert late = TestAlerts.simple(TestAlerts.TROOPS, "late", T0.plusSeconds(60));
        Alert early = TestAlerts.simple(TestAlerts.TROOPS, "early", T0);
        assertEquals(List.of(early, late), Notification.of(OPS, List.of(late, early)).alerts());
    }

    @Test
    void alertsOfDifferentRulesCannotShareANotification() {
        Alert a = TestAlerts.simple(TestAlerts.TROOPS, "a", T0);
        Alert b = TestAlerts.simple(TestAlerts.rule("other", "Other"), "b", T0);
        assertThrows(IllegalArgumentException.class, () -> Notification.of(OPS, List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> Notification.of(OPS, List.of()));
    }
}
