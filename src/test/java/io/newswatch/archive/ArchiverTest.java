package io.newswatch.archive;

import static io.newswatch.archive.ArchiveFixture.T0;
import static io.newswatch.archive.ArchiveFixture.alert;
import static io.newswatch.archive.ArchiveFixture.document;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.TopicCreator;
import io.newswatch.broker.TestBroker;
import io.newswatch.document.DocumentJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archiver against a real broker: committed records only, every partition, and a crash that loses and duplicates nothing. */
class ArchiverTest {
    @TempDir Path dir;
    String documents;
    String alerts;

    @BeforeEach
    void topics() {
        documents = TestBroker.uniqueTopic("documents");
        alerts = TestBroker.uniqueTopic("alerts");
        TopicCreator.createAndAwait(TestBroker.bootstrapServers(), List.of(new NewTopic(documents, 3, (short) 1), new NewTopic(alerts, 2, (short) 1)));
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = TestBroker.producerConfig();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "archiver-test-" + UUID.randomUUID());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p);
        producer.initTransactions();
        return producer;
    }

    private void publish(KafkaProducer<String, byte[]> producer, int from, int to, boolean commit) {
        producer.beginTransaction();
        for (int i = from; i < to; i++) {
            String id = "doc-" + i;
            producer.send(new ProducerRecord<>(documents, id, DocumentJson.write(document(id, "Report " + i, "Troops number " + i, T0.plusSeconds(i)))));
            if (i % 10 == 0) {
                producer.send(new ProducerRecord<>(alerts, id, AlertCodec.encode(alert("troops", id, 1.0, T0.plusSeconds(i)))));
            }
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    private Archiver archiver(ArchiveIndex index, int maxBatch) {
        return new Archiver(TestBroker.bootstrapServers(), documents, alerts, index,
                new ArchiveRetention(Duration.ofDays(36500), Optional.empty()),
                new Archiver.Settings(Duration.ofMillis(200), maxBatch, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMillis(100)),
                Clock.systemUTC());
    }

    private static long documentsIn(ArchiveIndex index) throws Exception {
        return ArchiveFixture.searcher(index).search(new SearchRequest("troops", null, null, null, null, SearchRequest.Order.NEWEST, 1, null)).total();
    }

    private static long alertsIn(ArchiveIndex index) throws Exception {
        return ArchiveFixture.searcher(index).alerts(null, null, null, 1, null).total();
    }

    @Test
    void everyCommittedDocumentAndAlertOfEveryPartitionIsArchivedAndAbortedOnesAreNot() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            publish(producer, 0, 100, true);
            publish(producer, 100, 150, false);
        }
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir); Archiver archiver = archiver(index, 500)) {
            Thread thread = Thread.ofPlatform().start(archiver);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> documentsIn(index) == 100 && alertsIn(index) == 10);
            archiver.close();
            thread.join(10_000);
        }
    }

    @Test
    void afterACrashMidStreamTheRestartedArchiverHasEveryDocumentOnce() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            publish(producer, 0, 300, true);
        }
        // First run: commits every 7 records, then the index is torn away under it (as a kill -9
        // leaves it: whatever was added after the last commit is lost).
        ArchiveIndex first = ArchiveIndex.openForWriting(dir);
        Archiver crashing = archiver(first, 7);
        Thread thread = Thread.ofPlatform().start(crashing);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> first.committedOffsets().values().stream().mapToLong(Long::longValue).sum() > 50);
        first.close();
        thread.join(10_000);
        crashing.close();
        try (ArchiveIndex index = ArchiveIndex.openForWriting(dir)) {
            long before = documentsIn(index);
            assertTrue(before > 0 && before < 300, "committed before the crash: " + before);
            try (Archiver archiver = archiver(index, 500)) {
                Thread second = Thread.ofPlatform().start(archiver);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> documentsIn(index) >= 300 && alertsIn(index) >= 30);
                Thread.sleep(500);
                assertEquals(300, documentsIn(index));
                assertEquals(30, alertsIn(index));
                archiver.close();
                second.join(10_000);
            }
        }
    }
}
