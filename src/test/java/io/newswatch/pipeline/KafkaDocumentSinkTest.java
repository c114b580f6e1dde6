package io.newswatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.broker.TestBroker;
import io.newswatch.broker.TopicCreator;
import io.newswatch.broker.Topics;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.ingest.SinkUnavailableException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * The document sink says whether a failure is Kafka being away (retry later; reported in the one
 * outage line) or a real producer failure (logged by the caller as such), against a real broker.
 */
class KafkaDocumentSinkTest {
    static Document document(String body) {
        return new Document(DocumentIds.forText(body), "file", "seeds/x.txt", "Title", body, null, "en", Instant.now(), List.of(), List.of());
    }

    @Test
    void kafkaNotAnsweringIsReportedAsUnavailable() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (KafkaDocumentSink sink = new KafkaDocumentSink("127.0.0.1:" + closed, Duration.ofSeconds(1))) {
            SinkUnavailableException e = assertThrows(SinkUnavailableException.class, () -> sink.publish(document("Troops sent.")));
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), String.valueOf(e.getMessage()));
        }
    }

    @Test
    void aRealProducerFailureIsNotMistakenForKafkaBeingAway() throws Exception {
        TopicCreator.createAndAwait(TestBroker.bootstrapServers(), List.of(new NewTopic(Topics.DOCUMENTS, 1, (short) 1)));
        try (KafkaDocumentSink sink = new KafkaDocumentSink(TestBroker.bootstrapServers(), Duration.ofSeconds(10))) {
            sink.publish(document("Troops were sent to the border on Monday, officials said."));

            Exception e = assertThrows(Exception.class, () -> sink.publish(document("x".repeat(2 * 1024 * 1024))));
            assertFalse(e instanceof SinkUnavailableException, "a record too large is not an outage: " + e);
            assertTrue(e instanceof RecordTooLargeException, e.toString());
        }
    }
}
