package io.newswatch.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaNoiseFilterTest {
    private final KafkaNoiseFilter filter = new KafkaNoiseFilter();

    private static LogRecord record(String logger, Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setThrown(thrown);
        return record;
    }

    @Test
    void dropsTheBrokersVerificationRetryOnAHealthyStart() {
        assertFalse(filter.isLoggable(record("kafka.server.ReplicaManager", Level.SEVERE,
                "[ReplicaManager broker=1] Error processing append operation on partition newswatch.alerts-0",
                new OutOfOrderSequenceException("Out of order sequence number for producer 0 at offset 12 in partition newswatch.alerts-0: "
                        + "1 (incoming seq. number), 0 (earliest seen sequence)"))));
    }

    @Test
    void dropsRetriedConcurrentTransactionsWarnings() {
        assertFalse(filter.isLoggable(record("org.apache.kafka.clients.producer.internals.Sender", Level.WARNING,
                "[Producer clientId=newswatch-StreamThread-1-producer] Got error produce response with correlation id 17 on topic-partition "
                        + "newswatch.alerts-0, retrying (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS", null)));
    }

    @Test
    void dropsTheProducersRetryOfABatchTheBrokersVerificationRefused() {
        assertFalse(filter.isLoggable(record("org.apache.kafka.clients.producer.internals.Sender", Level.WARNING,
                "[Producer clientId=newswatch-c88f689c-StreamThread-1-producer, transactionalId=newswatch-c88f689c-1] Got error produce "
                        + "response with correlation id 32 on topic-partition newswatch-stories-clustering-repartition-0, retrying "
                        + "(2147483646 attempts left). Error: OUT_OF_ORDER_SEQUENCE_NUMBER", null)));
        assertTrue(filter.isLoggable(record("org.apache.kafka.clients.producer.internals.Sender", Level.SEVERE,
                "[Producer clientId=newswatch-StreamThread-1-producer] Aborting producer batches due to fatal error",
                new OutOfOrderSequenceException("The broker received an out of order sequence number"))),
                "the producer giving up on an out-of-order sequence is a real failure");
    }

    @Test
    void dropsTheStreamsExtensionsTimeoutWhileKafkaIsAway() {
        assertFalse(filter.isLoggable(record("io.quarkus.kafka.streams.runtime.KafkaStreamsTopologyManager", Level.SEVERE,
                "Failed to get topic names from broker", new ExecutionException(new TimeoutException("Timed out waiting for a node assignment")))));
    }

    @Test
    void dropsTheStreamsExtensionsTopicWaitThatNewswatchResolves() {
        assertFalse(filter.isLoggable(record("io.quarkus.kafka.streams.runtime.KafkaStreamsTopologyManager", Level.WARNING,
                "Waiting for topic(s) to be created: [newswatch.alerts, newswatch.documents]", null)));
    }

    @Test
    void aRealProducerFailureIsStillLogged() {
        assertTrue(filter.isLoggable(record("org.apache.kafka.clients.producer.internals.Sender", Level.SEVERE,
                "[Producer clientId=newswatch-StreamThread-1-producer] Aborting producer batches due to fatal error",
                new ProducerFencedException("There is a newer producer with the same transactionalId"))));
        assertTrue(filter.isLoggable(record("org.apache.kafka.clients.producer.internals.Sender", Level.WARNING,
                "Got error produce response on topic-partition newswatch.alerts-0. Error: MESSAGE_TOO_LARGE", new RecordTooLargeException("too large"))));
        assertTrue(filter.isLoggable(record("kafka.server.ReplicaManager", Level.SEVERE,
                "Error processing append operation on partition newswatch.alerts-0",
                new OutOfOrderSequenceException("Out of order sequence number for producer 0 at offset 12 in partition newswatch.alerts-0: "
                        + "5 (incoming seq. number), 3 (current end sequence number)"))),
                "an out-of-order sequence that is not the verification retry is a real problem");
        assertTrue(filter.isLoggable(record("io.quarkus.kafka.streams.runtime.KafkaStreamsProducer", Level.SEVERE,
                "Error starting Kafka Streams", new IllegalStateException("bad topology"))));
    }
}
