package io.newswatch.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final Topics topics = new Topics("newswatch.documents", "ops.alerts", "ops.dlq", "ops.sent", "newswatch");

    @Test
    void newswatchsOwnKafkasAndStreamsInternalTopicsAreReserved() {
        for (String name : List.of("newswatch.documents", "ops.alerts", "ops.dlq", "ops.sent", "__consumer_offsets",
                "__transaction_state", "newswatch-seen-documents-changelog", "newswatch.notifications.sent",
                "newswatch.alerts", "newswatch.alerts.", "newswatch.anything")) {
            assertTrue(topics.reservedReason(name).isPresent(), name);
        }
    }

    @Test
    void ruleTopicsAndTopicsOfYourOwnAreAllowed() {
        for (String name : List.of("newswatch.alerts.treaty", "custom.pacts", "team-x.alerts")) {
            assertEquals(java.util.Optional.empty(), topics.reservedReason(name), name);
        }
        assertEquals("newswatch.alerts.treaty", Topics.ruleTopic("treaty"));
    }
}
