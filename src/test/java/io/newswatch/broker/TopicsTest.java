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
                "newswatch.alerts", "newswatch.alerts.", "newswatch.anything", "__cluster_metadata", "__share_group_state",
                "newswatch-KSTREAM-REPARTITION-0000000003-repartition",
                // collide with the above: Kafka treats '.' and '_' alike
                "newswatch_documents", "ops_alerts", "ops.sent".replace('.', '_'), "newswatch_notifications_dlq", "newswatch_anything")) {
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

    @Test
    void namesKafkaRefusesAreIllegalWithKafkasReason() {
        for (String name : List.of(".", "..", "a".repeat(250), "with space", "ünïcode", "")) {
            assertTrue(Topics.illegalReason(name).isPresent(), name);
        }
        assertEquals(java.util.Optional.empty(), Topics.illegalReason("a".repeat(249)));
        assertEquals(java.util.Optional.empty(), Topics.illegalReason("custom.pacts_2-x"));
    }
}
