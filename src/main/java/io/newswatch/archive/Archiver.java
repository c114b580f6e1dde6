package io.newswatch.archive;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.document.DocumentJson;
import io.newswatch.document.Document;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Fills the archive from Kafka, on its own thread and with its own consumer, apart from the alert
 * path: it reads {@code newswatch.documents} and {@code newswatch.alerts} with
 * {@code read_committed}, writes each record into the {@link ArchiveIndex} and, every {@code
 * commitInterval} (or {@code maxBatch} records), commits the index together with the consumer's
 * positions. On start it seeks every partition to the position stored in the last index commit, so
 * after a crash it reads again exactly what the index lost: nothing is missing, and records read
 * twice replace themselves (they are keyed by document id and alert id).
 *
 * <p>Every instance archives every partition: the consumer is manually assigned all partitions of
 * both topics (no consumer group), so a search on any instance sees every document. The cost is a
 * full copy of the archive per instance (see docs/search.md). Partitions added to a topic are
 * picked up within {@code partitionCheckInterval}.
 */
public final class Archiver implements Runnable, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Archiver.class);

    /** Tunables; see {@code ArchiveConfig} for the documented defaults. */
    public record Settings(Duration commitInterval, int maxBatch, Duration retentionCheckInterval,
                           Duration partitionCheckInterval, Duration pollTimeout) {}

    private final Properties consumerConfig;
    private final List<String> topics;
    private final String documentsTopic;
    private final String storiesTopic;
    /** Document id → story id of memberships written lately, so a story's every change does not rewrite all its members. */
    private final Map<String, String> knownStories = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 200_000;
        }
    };
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final ArchiveIndex index;
    /** What was read since the last commit, written to the index in its order just before the commit. */
    private final ArchiveBatch batch = new ArchiveBatch();
    private final ArchiveRetention retention;
    private final Settings settings;
    private final Clock clock;
    private final AtomicLong archivedDocuments = new AtomicLong();
    private final AtomicLong archivedAlerts = new AtomicLong();
    private final AtomicLong committedDocuments = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopping;
    private volatile Instant lastCommit;
    private volatile Map<String, Long> committedPositions = Map.of();

    public Archiver(String bootstrapServers, String documentsTopic, String alertsTopic, ArchiveIndex index,
                    ArchiveRetention retention, Settings settings, Clock clock) {
        this(bootstrapServers, documentsTopic, alertsTopic, null, index, retention, settings, clock);
    }

    /**
     * Also reads {@code storiesTopic} (null: none): each story's state names its documents, and
     * each document's story is kept as a membership record (searchable by story, shown with hits).
     */
    public Archiver(String bootstrapServers, String documentsTopic, String alertsTopic, String storiesTopic, ArchiveIndex index,
                    ArchiveRetention retention, Settings settings, Clock clock) {
        this.documentsTopic = documentsTopic;
        this.storiesTopic = storiesTopic;
        this.topics = storiesTopic == null ? List.of(documentsTopic, alertsTopic) : List.of(documentsTopic, alertsTopic, storiesTopic);
        this.index = index;
        this.retention = retention;
        this.settings = settings;
        this.clock = clock;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "newswatch-archiver");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, settings.maxBatch()));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumerConfig = config;
    }

    public long archivedDocuments() {
        return archivedDocuments.get();
    }

    /** Documents archived in this run whose index commit is done (durable and searchable). */
    public long committedDocuments() {
        return committedDocuments.get();
    }

    public long archivedAlerts() {
        return archivedAlerts.get();
    }

    /** The positions ({@code topic:partition} to next offset) the index was last committed with in this run; empty before. */
    public Map<String, Long> committedPositions() {
        return committedPositions;
    }

    /** When the index was last committed, null before the first commit of this run. */
    public Instant lastCommit() {
        return lastCommit;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
            consumer = kafka;
            Set<TopicPartition> assigned = new HashSet<>();
            Instant nextPartitionCheck = Instant.MIN;
            Instant nextRetention = clock.instant();
            Instant batchStarted = null;
            int pending = 0;
            while (!stopping) {
                Instant now = clock.instant();
                if (!now.isBefore(nextPartitionCheck)) {
                    assign(kafka, assigned);
                    nextPartitionCheck = now.plus(settings.partitionCheckInterval());
                }
                if (assigned.isEmpty()) {
                    sleep(settings.pollTimeout());
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = kafka.poll(settings.pollTimeout());
                } catch (WakeupException e) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (archive(record)) {
                        pending++;
                    }
                }
                if (pending > 0 && batchStarted == null) {
                    batchStarted = now;
                }
                now = clock.instant();
                boolean retentionDue = !now.isBefore(nextRetention);
                if (retentionDue) {
                    batch.writeTo(index); // retention sees, and may delete, what was read
                    retention.apply(index, now);
                    nextRetention = now.plus(settings.retentionCheckInterval());
                }
                boolean batchDue = pending >= settings.maxBatch()
                        || (batchStarted != null && !now.isBefore(batchStarted.plus(settings.commitInterval())));
                if (batchDue || retentionDue || (!records.isEmpty() && pending == 0)) {
                    // Also commits when only undecodable records or transaction markers moved the
                    // positions, so they are not read again after a restart.
                    Map<String, Long> positions = positions(kafka, assigned);
                    batch.writeTo(index);
                    index.commit(positions);
                    committedPositions = Map.copyOf(positions);
                    committedDocuments.set(archivedDocuments.get());
                    lastCommit = now;
                    pending = 0;
                    batchStarted = null;
                }
            }
            if (pending > 0) {
                batch.writeTo(index);
                index.commit(positions(kafka, assigned));
            }
        } catch (WakeupException e) {
            if (!stopping) {
                LOG.errorf("archiver stopped unexpectedly: %s", e.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf("archiving stopped: %s: %s; the archive keeps its last commit and resumes from it after a restart",
                    e.getClass().getSimpleName(), e.getMessage());
        } finally {
            consumer = null;
        }
    }

    /** Assigns every partition of both topics, resuming each from the index's last commit. */
    private void assign(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> assigned) throws IOException {
        Set<TopicPartition> wanted = new HashSet<>();
        try {
            for (String topic : topics) {
                List<PartitionInfo> partitions = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                if (partitions != null) {
                    partitions.forEach(p -> wanted.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
        } catch (KafkaException e) {
            if (assigned.isEmpty()) {
                LOG.debugf("archiver: topics not available yet (%s)", e.getMessage());
            }
            return;
        }
        if (wanted.isEmpty() || wanted.equals(assigned)) {
            return;
        }
        Map<String, Long> committed = index.committedOffsets();
        List<TopicPartition> added = new ArrayList<>(wanted);
        added.removeAll(assigned);
        kafka.assign(wanted);
        for (TopicPartition tp : added) {
            Long offset = committed.get(key(tp));
            if (offset == null) {
                kafka.seekToBeginning(List.of(tp));
            } else {
                kafka.seek(tp, offset);
            }
        }
        if (assigned.isEmpty()) {
            LOG.infof("archiving %d partition(s) of %s into %s, resuming from its last commit", wanted.size(),
                    String.join(" and ", topics), index.folder());
        }
        assigned.clear();
        assigned.addAll(wanted);
    }

    /** Adds one record to the batch; a record that does not decode is skipped (logged). */
    private boolean archive(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return false;
        }
        if (record.topic().equals(storiesTopic)) {
            return archiveStory(record);
        }
        boolean isDocument = record.topic().equals(documentsTopic);
        Document document = null;
        Alert alert = null;
        try {
            if (isDocument) {
                document = DocumentJson.read(record.value());
            } else {
                alert = AlertCodec.decode(record.value());
            }
        } catch (RuntimeException e) {
            if (undecodable.incrementAndGet() <= 10) {
                LOG.warnf("archiver skipped %s-%d@%d, it does not decode: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
            return false;
        }
        if (isDocument) {
            batch.add(document, Instant.ofEpochMilli(record.timestamp()));
            archivedDocuments.incrementAndGet();
        } else {
            batch.add(alert);
            archivedAlerts.incrementAndGet();
        }
        return true;
    }

    /** Writes the memberships a story's state names that are not known yet; a state that does not decode is skipped. */
    private boolean archiveStory(ConsumerRecord<byte[], byte[]> record) {
        com.fasterxml.jackson.databind.JsonNode story;
        try {
            story = JSON.readTree(record.value());
        } catch (IOException | RuntimeException e) {
            story = null;
        }
        String id = story == null ? "" : story.path("id").asText("");
        if (id.isBlank()) {
            if (undecodable.incrementAndGet() <= 10) {
                LOG.warnf("archiver skipped %s-%d@%d, it is not a story", record.topic(), record.partition(), record.offset());
            }
            return false;
        }
        Instant time = Instant.ofEpochMilli(record.timestamp());
        boolean written = false;
        String mergedInto = story.path("mergedInto").asText("");
        if (!mergedInto.isBlank() && !mergedInto.equals(id)) {
            // the absorbed story's last state: its documents' memberships stay as written, searches resolve the id
            batch.addStoryMerge(id, mergedInto, time);
            written = true;
        }
        // A story lists only its first documents (500); each state also names the document that joined it.
        List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>();
        story.path("documents").forEach(items::add);
        items.add(story.path("joined"));
        for (com.fasterxml.jackson.databind.JsonNode item : items) {
            String documentId = item.path("id").asText("");
            if (!documentId.isBlank() && !id.equals(knownStories.get(documentId))) {
                batch.addStoryMembership(id, documentId, time);
                knownStories.put(documentId, id);
                written = true;
            }
        }
        return written;
    }

    private static Map<String, Long> positions(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> assigned) {
        Map<String, Long> offsets = new HashMap<>();
        for (TopicPartition tp : assigned) {
            offsets.put(key(tp), kafka.position(tp));
        }
        return offsets;
    }

    static String key(TopicPartition tp) {
        return tp.topic() + ":" + tp.partition();
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** Stops the loop; what was not committed is read again on the next start. */
    @Override
    public void close() {
        stopping = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
