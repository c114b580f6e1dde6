package io.newswatch.ingest;

import io.newswatch.document.Document;

/**
 * Where ingested documents go: in the daemon, the {@code newswatch.documents} Kafka topic.
 * {@link #publish} returns only once the document is safely stored (for Kafka: acknowledged),
 * so a caller that records "seen" after it returns never loses a document.
 */
@FunctionalInterface
public interface DocumentSink {
    void publish(Document document) throws Exception;
}
