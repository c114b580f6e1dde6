package io.newswatch.console;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What the console shows of the last day: the most recent alerts (newest first) and documents and
 * alerts per hour, read from the documents and alerts topics by a {@link TopicFollower}. It starts 24 hours back, so the chart is complete after a restart. Listeners hear each
 * new alert, for the live list.
 */
public final class RecentActivity implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RecentActivity.class);
    static final int HOURS = 24;

    private final String documentsTopic;
    private final String alertsTopic;
    private final int capacity;
    private final Clock clock;
    private final Deque<Alert> recent = new ArrayDeque<>();
    private final Set<String> recentIds = new LinkedHashSet<>();
    private final HourlyCounts documents = new HourlyCounts(HOURS);
    private final HourlyCounts alerts = new HourlyCounts(HOURS);
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
    private final TopicFollower follower;

    public RecentActivity(String bootstrapServers, String documentsTopic, String alertsTopic, int capacity, Clock clock) {
        this.documentsTopic = documentsTopic;
        this.alertsTopic = alertsTopic;
        this.capacity = Math.max(1, capacity);
        this.clock = clock;
        this.follower = new TopicFollower("newswatch-console-activity", "recent activity", bootstrapServers, this::assign, this::handle);
    }

    public void start() {
        follower.start();
    }

    /** Newest first, at most {@code limit}, optionally of one rule. */
    public synchronized List<Alert> latest(int limit, String ruleId) {
        List<Alert> result = new ArrayList<>();
        for (Alert alert : recent) {
            if (ruleId == null || ruleId.isBlank() || ruleId.equals(alert.rule().id())) {
                result.add(alert);
                if (result.size() >= limit) {
                    break;
                }
            }
        }
        return result;
    }

    public List<HourlyCounts.Hour> documentsPerHour() {
        return documents.window(clock.instant());
    }

    public List<HourlyCounts.Hour> alertsPerHour() {
        return alerts.window(clock.instant());
    }

    public void onAlert(Consumer<Alert> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Alert> listener) {
        listeners.remove(listener);
    }

    /** Adds an alert as if read from Kafka (also the consumer's own path); repeats of an id are ignored. */
    void accept(Alert alert) {
        synchronized (this) {
            if (!recentIds.add(alert.id())) {
                return;
            }
            recent.addFirst(alert);
            while (recent.size() > capacity) {
                recentIds.remove(recent.removeLast().id());
            }
        }
        alerts.add(alert.time());
        for (Consumer<Alert> listener : listeners) {
            try {
                listener.accept(alert);
            } catch (RuntimeException e) {
                listeners.remove(listener); // a closed browser connection
            }
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        Instant time = Instant.ofEpochMilli(record.timestamp());
        if (record.topic().equals(documentsTopic)) {
            documents.add(time);
        } else if (record.value() != null) {
            try {
                accept(AlertCodec.decode(record.value()));
            } catch (RuntimeException e) {
                LOG.debugf("console: skipped an undecodable record at %s-%d@%d", record.topic(), record.partition(), record.offset());
            }
        }
    }

    /** Assigns every partition of both topics, from 24 hours back; false while the topics do not exist yet. */
    private boolean assign(KafkaConsumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(documentsTopic, alertsTopic)) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        c.assign(partitions);
        long since = clock.instant().minus(Duration.ofHours(HOURS)).toEpochMilli();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(times, Duration.ofSeconds(10));
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, Duration.ofSeconds(10));
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            c.seek(p, at != null ? at.offset() : ends.get(p));
        }
        return true;
    }

    @Override
    public void close() {
        follower.close();
    }
}
