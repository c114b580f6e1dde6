package io.newswatch.daemon;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Drops log lines that Kafka and the Quarkus Kafka Streams extension write for conditions they
 * handle themselves, and that newswatch reports in its own words, so a healthy start logs no ERROR
 * and an outage logs one line per retry interval (TopicCreator's). Each rule is narrow: the logger,
 * the level and the exact condition; everything else, real producer or broker failures included,
 * passes unchanged. Active for the console through {@code quarkus.log.console.filter}.
 *
 * <ul>
 *   <li>The broker's {@code ReplicaManager} ERROR "Error processing append operation" for an
 *       {@code OutOfOrderSequenceException ... (earliest seen sequence)}: transaction verification
 *       (KIP-890) refusing a batch that arrived before its partition was verified; the producer
 *       retries it and every record is written exactly once (KAFKA-14920).</li>
 *   <li>The producer's WARN "Got error produce response ..., retrying (...). Error:
 *       OUT_OF_ORDER_SEQUENCE_NUMBER" for that same refused batch, which it then sends again (seen
 *       with two instances sharing the pipeline); once retries run out, the failure is logged as an error.</li>
 *   <li>Producer and transaction-coordinator WARN lines about {@code CONCURRENT_TRANSACTIONS}: a
 *       retriable error while the previous transaction completes; a real failure ends in another error.</li>
 *   <li>The Quarkus Kafka Streams extension's ERROR or WARN while it waits for its topics and Kafka
 *       does not answer ({@code KafkaStreamsTopologyManager} / {@code KafkaStreamsProducer} with a
 *       timeout): newswatch logs "Kafka at ... is unreachable ...; retrying every ..." instead.</li>
 *   <li>Its WARN "Waiting for topic(s) to be created" on a first start: newswatch's TopicCreator
 *       creates them a moment later and logs each one, or says why it cannot.</li>
 * </ul>
 */
@LoggingFilter(name = "newswatch-kafka-noise")
public final class KafkaNoiseFilter implements Filter {
    private static final String QUARKUS_STREAMS = "io.quarkus.kafka.streams.runtime";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !isKnownNoise(record);
    }

    static boolean isKnownNoise(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        String text = text(record);
        int level = record.getLevel().intValue();
        if (logger.equals("kafka.server.ReplicaManager") && level >= Level.SEVERE.intValue()
                && text.contains("OutOfOrderSequenceException") && text.contains("(earliest seen sequence)")) {
            return true;
        }
        if (logger.startsWith("org.apache.kafka.clients.producer.internals") && level == Level.WARNING.intValue()
                && text.contains(", retrying (") && text.contains("Error: OUT_OF_ORDER_SEQUENCE_NUMBER")) {
            return true; // the producer's side of the broker's verification retry above
        }
        if ((logger.startsWith("org.apache.kafka.clients.producer.internals") || logger.startsWith("kafka.coordinator.transaction")
                || logger.startsWith("org.apache.kafka.coordinator.transaction"))
                && level == Level.WARNING.intValue() && text.contains("CONCURRENT_TRANSACTIONS")) {
            return true;
        }
        if (logger.startsWith(QUARKUS_STREAMS) && level == Level.WARNING.intValue() && text.startsWith("Waiting for topic(s) to be created")) {
            return true;
        }
        return logger.startsWith(QUARKUS_STREAMS) && level >= Level.WARNING.intValue() && isTimeout(record.getThrown(), text);
    }

    /** The message with its parameters, then the thrown chain's class names and messages. */
    private static String text(LogRecord record) {
        StringBuilder text = new StringBuilder(record instanceof org.jboss.logmanager.ExtLogRecord ext
                ? String.valueOf(ext.getFormattedMessage()) : String.valueOf(record.getMessage()));
        Throwable t = record.getThrown();
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            text.append(' ').append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static boolean isTimeout(Throwable thrown, String text) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return thrown == null && text.contains("TimeoutException");
    }
}
