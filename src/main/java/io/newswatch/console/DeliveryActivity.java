package io.newswatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What the notifications page shows, read from the notifier's own topics by a {@link TopicFollower}: the pending notifications (saved
 * before their first attempt, until delivered or dead-lettered), the most recent deliveries from the
 * ledger, and the most recent dead letters with their reasons. It reads each topic from its start,
 * keeping only the latest {@code capacity} deliveries and dead letters in memory.
 */
public final class DeliveryActivity implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryActivity.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A notification waiting for delivery: saved, being attempted or retried. */
    public record Pending(String recipient, String notification, String rule, int alerts, Instant savedAt, String firstTitle) {}

    /** A notification whose alerts the ledger records as done, with its outcome. */
    public record Delivery(String recipient, String notification, String rule, String outcome, int alerts, Instant at) {}

    /** A dead letter: a notification that could not be delivered, or an alert record that could not be read. */
    public record DeadLetter(String kind, String key, String recipient, String channel, String rule, String reason,
                             int attempts, int alerts, Instant at) {}

    private final String pendingTopic;
    private final String ledgerTopic;
    private final String deadLetterTopic;
    private final int capacity;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final LinkedHashMap<String, Delivery> deliveries = new LinkedHashMap<>();
    private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();
    private long deliveredAlerts;
    private long deadLetteredTotal;
    private final TopicFollower follower;

    public DeliveryActivity(String bootstrapServers, String pendingTopic, String ledgerTopic, String deadLetterTopic, int capacity) {
        this.pendingTopic = pendingTopic;
        this.ledgerTopic = ledgerTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.capacity = Math.max(1, capacity);
        this.follower = new TopicFollower("newswatch-console-delivery", "the notifier's topics", bootstrapServers, this::assign,
                record -> accept(record.topic(), record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                        record.value(), record.timestamp()));
    }

    public void start() {
        follower.start();
    }

    /** Oldest first: the longest waiting at the top. */
    public synchronized List<Pending> pending() {
        return pending.values().stream().sorted(Comparator.comparing(Pending::savedAt, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    /** Newest first. */
    public synchronized List<Delivery> recentDeliveries() {
        List<Delivery> list = new ArrayList<>(deliveries.values());
        list.sort(Comparator.comparing(Delivery::at, Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        return list;
    }

    /** Newest first. */
    public synchronized List<DeadLetter> recentDeadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Alerts recorded as delivered, and dead letters, since the topics began (as far as they are retained). */
    public synchronized long[] totals() {
        return new long[] {deliveredAlerts, deadLetteredTotal};
    }

    /** One record of one of the three topics, as the consumer reads it (also the tests' way in). */
    synchronized void accept(String topic, String key, byte[] value, long timestamp) {
        if (key == null) {
            return;
        }
        try {
            if (topic.equals(pendingTopic)) {
                if (value == null) {
                    pending.remove(key);
                } else {
                    pending.put(key, pendingOf(JSON.readTree(value), timestamp));
                }
            } else if (topic.equals(ledgerTopic) && value != null) {
                ledgerEntry(key, JSON.readTree(value), timestamp);
            } else if (topic.equals(deadLetterTopic) && value != null) {
                deadLetters.addFirst(deadLetterOf(key, JSON.readTree(value), timestamp));
                deadLetteredTotal++;
                while (deadLetters.size() > capacity) {
                    deadLetters.removeLast();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("console: skipped an unreadable record of %s (key %s): %s", topic, key, e.getMessage());
        }
    }

    private static Pending pendingOf(JsonNode node, long timestamp) {
        JsonNode alerts = node.path("alerts");
        String title = alerts.size() > 0 ? alerts.get(0).path("event").path("data").path("document").path("title").asText("") : "";
        return new Pending(node.path("recipient").asText(""), node.path("notification").asText(""), node.path("rule").asText(""),
                alerts.size(), instant(node.path("savedAt").asText(null), timestamp), title);
    }

    private void ledgerEntry(String key, JsonNode node, long timestamp) {
        String recipient = key.substring(0, Math.max(0, key.indexOf('/')));
        String notification = node.path("notification").asText("");
        String outcome = node.path("outcome").asText("");
        if ("delivered".equals(outcome)) {
            deliveredAlerts++;
        }
        String id = recipient + "/" + notification;
        Delivery known = deliveries.remove(id);
        deliveries.put(id, new Delivery(recipient, notification, node.path("rule").asText(""), outcome,
                known == null ? 1 : known.alerts() + 1, instant(node.path("at").asText(null), timestamp)));
        while (deliveries.size() > capacity) {
            deliveries.remove(deliveries.keySet().iterator().next());
        }
    }

    private static DeadLetter deadLetterOf(String key, JsonNode node, long timestamp) {
        String kind = node.path("kind").asText("");
        return new DeadLetter(kind, key, node.path("recipient").asText(""), node.path("channel").asText(""),
                node.path("rule").asText(""), node.path("reason").asText(""), node.path("attempts").asInt(0),
                node.path("alerts").size(), instant(node.path("deadLetteredAt").asText(null), timestamp));
    }

    private static Instant instant(String text, long fallbackMillis) {
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // the record's own timestamp below
            }
        }
        return Instant.ofEpochMilli(fallbackMillis);
    }

    /** Assigns every partition of the three topics from their start; false while none exists yet. */
    private boolean assign(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(pendingTopic, ledgerTopic, deadLetterTopic)) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        if (partitions.isEmpty()) {
            return false;
        }
        synchronized (this) { // a re-read from the start after a failure replaces what was read before
            pending.clear();
            deliveries.clear();
            deadLetters.clear();
            deliveredAlerts = 0;
            deadLetteredTotal = 0;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        return true;
    }

    @Override
    public void close() {
        follower.close();
    }
}
