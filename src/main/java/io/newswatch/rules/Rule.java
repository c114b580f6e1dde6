package io.newswatch.rules;

import io.newswatch.broker.Topics;

import java.nio.file.Path;
import java.util.List;

/**
 * A watch rule as written in {@code rules/<id>.yml}.
 *
 * @param topic  Kafka topic for this rule's alerts ({@code newswatch.alerts.<id>} unless the file names one)
 * @param recipients the `notify:` list: recipient names from {@code rules/_recipients.yml}; empty means the default recipients
 * @param file   the file the rule was read from, for error messages
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
        Path file) {

    public Rule {
        recipients = List.copyOf(recipients);
        matchExamples = List.copyOf(matchExamples);
        noMatchExamples = List.copyOf(noMatchExamples);
    }

    public static String defaultTopic(String id) {
        return Topics.ruleTopic(id);
    }
}
