package io.newswatch.pipeline;

import io.newswatch.broker.Topics;

import io.newswatch.ingest.DocumentSink;
import io.newswatch.ingest.SinkUnavailableException;
import java.util.concurrent.ExecutionException;
import io.newswatch.document.DocumentJson;
import io.newswatch.document.Document;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes documents to {@code newswatch.documents}, keyed by document id (so a document and its
 * duplicates land on one partition, where the dedup store sees them). Idempotent producer,
 * {@code acks=all}; {@link #publish} returns once the broker acknowledged.
 */
public final class KafkaDocumentSink implements DocumentSink, AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    public KafkaDocumentSink(String bootstrapServers, Duration timeout) {
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "newswatch-ingest",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 30_000) + 1000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * @throws SinkUnavailableException when Kafka did not answer in time or could not be reached
     *     (retry later); any other exception (a record too large, no permission, ...) is a real failure
     */
    @Override
    public void publish(Document document) throws Exception {
        try {
            producer.send(new ProducerRecord<>(Topics.DOCUMENTS, document.id(), DocumentJson.write(document)))
                    .get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new SinkUnavailableException("Kafka did not acknowledge within " + (timeout.toMillis() * 2 + 1000) + " ms", e);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause()) ? new SinkUnavailableException(String.valueOf(e.getCause().getMessage()), e.getCause())
                    : e.getCause() instanceof Exception cause ? cause : e;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // send() itself waits for metadata up to max.block.ms and throws this when Kafka is away
            throw new SinkUnavailableException(String.valueOf(e.getMessage()), e);
        }
    }

    /** Kafka away: no metadata or acknowledgement in time, or no connection. */
    static boolean unavailable(Throwable failure) {
        return failure instanceof org.apache.kafka.common.errors.TimeoutException
                || failure instanceof org.apache.kafka.common.errors.NetworkException;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
