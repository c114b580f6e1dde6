package io.newswatch.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Which alert each recipient has already received (or had dead-lettered), kept in a compacted Kafka
 * topic keyed by {@code recipient/alertId}, read into memory at start and caught up whenever
 * partitions of the alerts topic are assigned.
 *
 * <p>Why a topic rather than a file in the data dir: it lives with the alerts and the consumer
 * offsets it has to agree with (same broker, same backups, same retention reasoning), survives
 * the loss of the data dir, and needs no locking or fsync handling of our own. Entries are written
 * (and acknowledged by the broker) after a notification succeeded and before its alerts' offsets
 * are committed, so a restart skips every alert already delivered. The one gap left: a crash
 * between the recipient's acceptance and this write sends the notification again, from
 * {@link PendingNotifications}, with the same alerts and id, which receivers use to drop the copy.
 */
public final class DeliveryLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How an entry ended, as written in the ledger. */
    public enum Outcome { DELIVERED, DEAD_LETTERED }

    private final String topic;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final Set<String> entries = ConcurrentHashMap.newKeySet();

    public DeliveryLedger(String topic, Producer<String, byte[]> producer, Clock clock) {
        this.topic = topic;
        this.producer = producer;
        this.clock = clock;
    }

    static String key(String recipient, String alertId) {
        return recipient + "/" + alertId;
    }

    /**
     * Reads the entries written since the last call (the whole topic on the first), up to the end
     * offsets at call time: at start, and again whenever partitions of the alerts topic are assigned,
     * so that what another instance delivered for them before the hand-over is known here.
     *
     * @param reader a consumer without group, used for the ledger only and on one thread
     * @return the number of entries known afterwards
     */
    public int catchUp(Consumer<String, byte[]> reader, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (reader.assignment().isEmpty()) {
            List<PartitionInfo> infos = reader.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return entries.size();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = new HashMap<>(reader.endOffsets(reader.assignment(), timeout));
        while (!end.isEmpty()) {
            end.entrySet().removeIf(e -> reader.position(e.getKey(), timeout) >= e.getValue());
            if (end.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("delivery ledger " + topic + " not read within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    entries.remove(record.key());
                } else {
                    entries.add(record.key());
                }
            }
        }
        return entries.size();
    }

    public boolean contains(String recipient, String alertId) {
        return entries.contains(key(recipient, alertId));
    }

    /**
     * Records every alert of the notification as done for its recipient, returning once the broker
     * acknowledged all entries.
     */
    public void record(Notification notification, Outcome outcome, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        String recipient = notification.recipient().name();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (String alertId : notification.alertIds()) {
            ObjectNode value = JSON.createObjectNode();
            value.put("notification", notification.id());
            value.put("rule", notification.ruleId());
            value.put("outcome", outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            value.put("at", clock.instant().toString());
            sends.add(producer.send(new ProducerRecord<>(topic, key(recipient, alertId),
                    value.toString().getBytes(StandardCharsets.UTF_8))));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> send : sends) {
            send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        for (String alertId : notification.alertIds()) {
            entries.add(key(recipient, alertId));
        }
    }

    public int size() {
        return entries.size();
    }
}
