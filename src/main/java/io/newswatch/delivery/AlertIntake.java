package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Turns each alert record read into the deliveries it calls for: decodes it (dead-lettering one that
 * cannot be read), finds its rule's recipients, asks the {@link LedgerCheck} which of them still
 * need it, and adds it to those recipients' groups in the {@link AlertGrouper}.
 *
 * <p>Single-threaded: used by the notifier's consumer thread only.
 */
public final class AlertIntake {
    private static final Logger LOG = Logger.getLogger(AlertIntake.class);

    private final Recipients recipients;
    private final Function<String, List<String>> ruleRecipients;
    private final LedgerCheck check;
    private final AlertGrouper grouper;
    private final DeadLetters deadLetters;
    private final Duration kafkaTimeout;
    private final Set<String> rulesWithUnknownRecipients = new HashSet<>();

    public AlertIntake(Recipients recipients, Function<String, List<String>> ruleRecipients, LedgerCheck check, AlertGrouper grouper,
                       DeadLetters deadLetters, Duration kafkaTimeout) {
        this.recipients = recipients;
        this.ruleRecipients = ruleRecipients;
        this.check = check;
        this.grouper = grouper;
        this.deadLetters = deadLetters;
        this.kafkaTimeout = kafkaTimeout;
    }

    public void take(ConsumerRecord<String, byte[]> record, Instant now) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() == null) {
            check.skipped(partition, record.offset());
            return;
        }
        Alert alert;
        try {
            alert = AlertCodec.decode(record.value());
        } catch (RuntimeException e) {
            unreadable(record, partition, e);
            return;
        }
        String ruleId = alert.rule().id();
        List<String> names;
        try {
            names = ruleRecipients.apply(ruleId);
        } catch (RuntimeException e) {
            LOG.warnf("notifier: recipients of rule %s cannot be looked up (%s); using the default recipients", ruleId, e.getMessage());
            names = List.of();
        }
        List<String> unknown = recipients.unknown(names);
        if (!unknown.isEmpty() && rulesWithUnknownRecipients.add(ruleId)) {
            LOG.warnf("notifier: rule %s notifies unknown recipient(s) %s; they are skipped (known: %s)",
                    ruleId, unknown, recipients.names());
        }
        for (Recipient recipient : check.read(partition, record.offset(), alert, recipients.recipientsFor(names))) {
            grouper.add(AlertGrouper.GroupKey.of(recipient.name(), alert), alert, partition, now);
        }
    }

    private void unreadable(ConsumerRecord<String, byte[]> record, TopicPartition partition, RuntimeException problem) {
        String reason = "unreadable alert at " + record.topic() + "/" + record.partition() + "@" + record.offset() + ": " + problem.getMessage();
        try {
            deadLetters.unreadableAlert(record, reason, kafkaTimeout);
            LOG.warnf("notifier: %s; dead-lettered", reason);
            check.skipped(partition, record.offset());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            check.heldBack(partition, record.offset());
        } catch (ExecutionException | TimeoutException de) {
            LOG.errorf("notifier: %s, and the dead-letter topic cannot be written (%s); it will be re-read after a restart",
                    reason, de.getMessage());
            check.heldBack(partition, record.offset());
        }
    }
}
