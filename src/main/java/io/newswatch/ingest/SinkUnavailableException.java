package io.newswatch.ingest;

/**
 * A {@link DocumentSink} could not be reached right now (Kafka away: no connection, no answer in
 * time). Retryable: the caller keeps the document and tries again later, and reports the wait
 * rather than logging it as an error. Any other exception from a sink is a real failure.
 */
public final class SinkUnavailableException extends Exception {
    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
