package io.newswatch.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Notifications whose first attempt is made or about to be, kept in a compacted Kafka topic keyed by
 * {@code recipient/notificationId} with their exact alerts, so that after a crash, a restart or a
 * move of partitions to another instance they are sent again unchanged (same alerts, same id, so
 * the same {@code webhook-id} and {@code Message-ID}) instead of being regrouped under a new id.
 *
 * <p>An entry is written, and acknowledged by the broker, before the first attempt; it is removed
 * (a tombstone) once the notification is delivered or dead-lettered and recorded in the ledger.
 */
public final class PendingNotifications {
    private static final Logger LOG = Logger.getLogger(PendingNotifications.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an entry read back holds; the recipient is a name, since recipients may have changed since. */
    public record Stored(String recipient, String id, List<Alert> alerts, Map<String, TopicPartition> partitions, List<String> replaces) {}

    private final String topic;
    private final Producer<String, byte[]> producer;
    private final Clock clock;

    public PendingNotifications(String topic, Producer<String, byte[]> producer, Clock clock) {
        this.topic = topic;
        this.producer = producer;
        this.clock = clock;
    }

    static String key(String recipient, String notificationId) {
        return recipient + "/" + notificationId;
    }

    /** Saves the notification as pending, returning once the broker acknowledged it. */
    public void save(Outgoing outgoing, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        Notification n = outgoing.notification();
        ObjectNode value = JSON.createObjectNode();
        value.put("notification", n.id());
        value.put("recipient", n.recipient().name());
        value.put("rule", n.ruleId());
        value.put("savedAt", clock.instant().toString());
        ArrayNode replaces = value.putArray("replaces");
        outgoing.replaces().forEach(replaces::add);
        ArrayNode alerts = value.putArray("alerts");
        for (Alert alert : n.alerts()) {
            TopicPartition from = outgoing.partitions().get(alert.id());
            ObjectNode entry = alerts.addObject();
            entry.put("topic", from.topic());
            entry.put("partition", from.partition());
            entry.set("event", AlertCodec.toEvent(alert));
        }
        producer.send(new ProducerRecord<>(topic, key(n.recipient().name(), n.id()), value.toString().getBytes(StandardCharsets.UTF_8)))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Removes the entry (delivered or dead-lettered), returning once the broker acknowledged the tombstone. */
    public void remove(String recipient, String notificationId, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        producer.send(new ProducerRecord<>(topic, key(recipient, notificationId), null)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the whole topic and returns the entries with an alert from one of {@code partitions},
     * minus those replaced by a split of theirs that is pending too (those are removed).
     */
    public List<Stored> load(Consumer<String, byte[]> reader, Set<TopicPartition> partitions, Duration timeout)
            throws TimeoutException, InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PartitionInfo> infos = reader.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> own = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        reader.assign(own);
        reader.seekToBeginning(own);
        Map<TopicPartition, Long> end = new HashMap<>(reader.endOffsets(own, timeout));
        Map<String, byte[]> latest = new LinkedHashMap<>();
        while (true) {
            end.entrySet().removeIf(e -> reader.position(e.getKey(), timeout) >= e.getValue());
            if (end.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("pending notifications " + topic + " not read within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    latest.remove(record.key());
                } else {
                    latest.put(record.key(), record.value());
                }
            }
        }
        List<Stored> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : latest.entrySet()) {
            try {
                Stored stored = decode(entry.getValue());
                if (stored.partitions().values().stream().anyMatch(partitions::contains)) {
                    found.add(stored);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warnf("pending notification %s in %s is unreadable (%s); dropped", entry.getKey(), topic, e.getMessage());
                remove(entry.getKey().substring(0, Math.max(0, entry.getKey().indexOf('/'))),
                        entry.getKey().substring(entry.getKey().indexOf('/') + 1), timeout);
            }
        }
        Set<String> replaced = new HashSet<>();
        found.forEach(s -> s.replaces().forEach(id -> replaced.add(key(s.recipient(), id))));
        List<Stored> result = new ArrayList<>();
        for (Stored stored : found) {
            if (replaced.contains(key(stored.recipient(), stored.id()))) {
                remove(stored.recipient(), stored.id(), timeout); // split before the crash: its halves are pending
            } else {
                result.add(stored);
            }
        }
        return result;
    }

    private static Stored decode(byte[] value) throws IOException {
        JsonNode node = JSON.readTree(value);
        List<Alert> alerts = new ArrayList<>();
        Map<String, TopicPartition> partitions = new HashMap<>();
        for (JsonNode entry : node.path("alerts")) {
            Alert alert = AlertCodec.fromEvent(entry.get("event"));
            alerts.add(alert);
            partitions.put(alert.id(), new TopicPartition(entry.get("topic").asText(), entry.get("partition").asInt()));
        }
        List<String> replaces = new ArrayList<>();
        node.path("replaces").forEach(r -> replaces.add(r.asText()));
        if (alerts.isEmpty() || !node.hasNonNull("notification") || !node.hasNonNull("recipient")) {
            throw new IllegalArgumentException("no notification id, recipient or alerts");
        }
        return new Stored(node.get("recipient").asText(), node.get("notification").asText(), alerts, partitions, replaces);
    }
}
