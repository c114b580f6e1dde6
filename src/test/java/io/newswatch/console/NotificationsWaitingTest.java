package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.delivery.AlertGrouper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notifications page's rows for the groups waiting inside the grouping window. */
class NotificationsWaitingTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aWaitingGroupShowsRecipientRuleStoryAlertsAndWhenItIsSent() {
        var rows = NotificationsConsole.waiting(List.of(
                new AlertGrouper.WaitingGroup(new AlertGrouper.GroupKey("ops", "treaty", "story-1"), 3, NOW.plusSeconds(250),
                        "Leaders sign pact", "Pact signed in Rome"),
                new AlertGrouper.WaitingGroup(new AlertGrouper.GroupKey("hooks", "sanctions"), 1, NOW.minusSeconds(1), "EU sanctions", "")), NOW);
        assertEquals(new NotificationsConsole.WaitingRow("ops", "treaty", "Pact signed in Rome", 3, "2026-12-01 10:04 UTC",
                "in 4 min 10 s", "Leaders sign pact"), rows.get(0));
        assertEquals("", rows.get(1).story());
        assertEquals("now", rows.get(1).in());
    }

    @Test
    void theTimeLeftIsWrittenForPeople() {
        assertEquals("in 1 s", NotificationsConsole.in(Duration.ofMillis(200)));
        assertEquals("in 59 s", NotificationsConsole.in(Duration.ofSeconds(59)));
        assertEquals("in 5 min", NotificationsConsole.in(Duration.ofMinutes(5)));
        assertEquals("in 2 h 5 min", NotificationsConsole.in(Duration.ofMinutes(125)));
        assertTrue(NotificationsConsole.in(Duration.ZERO).equals("now"));
    }
}
