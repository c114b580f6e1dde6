package io.newswatch.rules;

import io.newswatch.broker.Topics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A watch rule as written in {@code rules/<id>.yml}.
 *
 * @param topic  Kafka topic for this rule's alerts ({@code newswatch.alerts.<id>} unless the file names one)
 * @param recipients the `notify:` list: recipient names from {@code rules/_recipients.yml}; empty means the default recipients
 * @param file   the file the rule was read from, for error messages
 * @param backfill the `backfill:` window: when the rule is added or changed, documents read that long
 *                 ago or later that it matches get alerts (null: no backfill)
 */
public record Rule(
        String id,
        String title,
        String description,
        Severity severity,
        String query,
        String topic,
        List<String> recipients,
        List<String> matchExamples,
        List<String> noMatchExamples,
        Path file,
        Duration backfill) {

    public Rule {
        recipients = List.copyOf(recipients);
        matchExamples = List.copyOf(matchExamples);
        noMatchExamples = List.copyOf(noMatchExamples);
    }

    /** Without a backfill window. */
    public Rule(String id, String title, String description, Severity severity, String query, String topic,
                List<String> recipients, List<String> matchExamples, List<String> noMatchExamples, Path file) {
        this(id, title, description, severity, query, topic, recipients, matchExamples, noMatchExamples, file, null);
    }

    /** The backfill window, if the file asks for one. */
    public Optional<Duration> backfillWindow() {
        return Optional.ofNullable(backfill);
    }

    public static String defaultTopic(String id) {
        return Topics.ruleTopic(id);
    }
}
