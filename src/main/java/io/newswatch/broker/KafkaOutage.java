package io.newswatch.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * The parts of newswatch waiting for Kafka, so that one line per retry interval says it all
 * ({@link TopicCreator#check()}: "Kafka at X is unreachable (...); retrying in 10 s (waiting:
 * topics, file intake: 3 file(s) in seeds, notifier: creating its topics)"), instead of every part
 * logging on its own schedule. A part reports here only while its failure is Kafka not answering
 * (a timeout, no connection); any other failure it logs itself, as before.
 */
public final class KafkaOutage {
    private final Map<String, String> waiting = new ConcurrentSkipListMap<>();

    /** {@code part} (e.g. "file intake") is waiting for Kafka; {@code detail} says what, and the last error. */
    public void waiting(String part, String detail) {
        waiting.put(part, detail == null ? "" : detail);
    }

    /** {@code part} got through to Kafka again. */
    public void resumed(String part) {
        waiting.remove(part);
    }

    public boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** The waiting parts, in name order: {@code file intake: 3 file(s) in seeds, notifier}; empty when none. */
    public String summary() {
        return waiting.entrySet().stream()
                .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
