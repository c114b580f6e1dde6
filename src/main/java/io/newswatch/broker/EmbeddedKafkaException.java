package io.newswatch.broker;

/**
 * The embedded broker could not start. The message is written for the operator (what is wrong and
 * which setting fixes it), so callers log it as one line, without a stack trace.
 */
public final class EmbeddedKafkaException extends RuntimeException {
    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
