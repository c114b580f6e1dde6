package io.newswatch.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes what could not be delivered to the dead-letter topic, with the reason, so an operator can
 * see it, fix the cause and replay it. Two kinds of record (field {@code kind}): a
 * {@code notification} that a recipient refused or that failed for too long (key: notification id,
 * with every alert as its CloudEvents event), and an {@code alert} record that could not be read
 * at all (key: the record's key, with its raw value).
 */
public final class DeadLetters {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String REASON_HEADER = "newswatch-reason";

    private final String topic;
    private final Producer<String, byte[]> producer;
    private final Clock clock;

    public DeadLetters(String topic, Producer<String, byte[]> producer, Clock clock) {
        this.topic = topic;
        this.producer = producer;
        this.clock = clock;
    }

    public void notification(Notification notification, String channelKind, String reason, int attempts, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        ObjectNode value = JSON.createObjectNode();
        value.put("kind", "notification");
        value.put("notification", notification.id());
        value.put("recipient", notification.recipient().name());
        value.put("channel", channelKind);
        value.put("rule", notification.ruleId());
        value.put("reason", reason);
        value.put("attempts", attempts);
        value.put("deadLetteredAt", clock.instant().toString());
        ArrayNode alerts = value.putArray("alerts");
        for (Alert alert : notification.alerts()) {
            alerts.add(AlertCodec.toEvent(alert));
        }
        send(notification.id(), value, reason, timeout);
    }

    /**
     * A pending notification whose recipient is no longer in {@code _recipients.yml}: it cannot be
     * sent, so it is kept here with the reason instead of being dropped. Its channel is unknown
     * (the recipient's entry is gone), so {@code channel} is null.
     */
    public void orphaned(String notificationId, String recipient, List<Alert> alerts, String reason, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        ObjectNode value = JSON.createObjectNode();
        value.put("kind", "notification");
        value.put("notification", notificationId);
        value.put("recipient", recipient);
        value.putNull("channel");
        value.put("rule", alerts.isEmpty() ? null : alerts.getFirst().rule().id());
        value.put("reason", reason);
        value.putNull("attempts");
        value.put("deadLetteredAt", clock.instant().toString());
        ArrayNode events = value.putArray("alerts");
        for (Alert alert : alerts) {
            events.add(AlertCodec.toEvent(alert));
        }
        send(notificationId, value, reason, timeout);
    }

    public void unreadableAlert(ConsumerRecord<String, byte[]> record, String reason, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        ObjectNode value = JSON.createObjectNode();
        value.put("kind", "alert");
        value.put("reason", reason);
        value.put("topic", record.topic());
        value.put("partition", record.partition());
        value.put("offset", record.offset());
        value.put("deadLetteredAt", clock.instant().toString());
        value.put("value", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        send(record.key(), value, reason, timeout);
    }

    private void send(String key, ObjectNode value, String reason, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        var record = new ProducerRecord<>(topic, key, value.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
