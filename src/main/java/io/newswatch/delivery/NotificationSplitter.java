package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Cuts a group's alerts into notifications of at most {@code maxAlerts} alerts each (oldest first),
 * and a notification a recipient refused as too large into two halves; each piece gets the
 * deterministic id of its own alerts.
 */
public final class NotificationSplitter {
    private static final Comparator<Alert> OLDEST_FIRST = Comparator.comparing(Alert::time).thenComparing(Alert::id);

    private final int maxAlerts;

    public NotificationSplitter(int maxAlerts) {
        if (maxAlerts < 1) {
            throw new IllegalArgumentException("a notification must be allowed at least one alert, not " + maxAlerts);
        }
        this.maxAlerts = maxAlerts;
    }

    /** The notifications for one due group: ceil(n / maxAlerts) of them, in alert-time order. */
    public List<Outgoing> split(Recipient recipient, List<Alert> alerts, Map<String, TopicPartition> partitions) {
        List<Alert> sorted = alerts.stream().sorted(OLDEST_FIRST).toList();
        List<Outgoing> result = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += maxAlerts) {
            List<Alert> chunk = sorted.subList(from, Math.min(sorted.size(), from + maxAlerts));
            result.add(new Outgoing(Notification.of(recipient, chunk), only(partitions, chunk), List.of()));
        }
        return result;
    }

    /** The two halves of a notification refused as too large; it must list at least two alerts. */
    public static List<Outgoing> halve(Outgoing refused) {
        List<Alert> alerts = refused.notification().alerts();
        if (alerts.size() < 2) {
            throw new IllegalArgumentException("a single alert cannot be split");
        }
        int middle = alerts.size() / 2;
        List<String> replaces = List.of(refused.notification().id());
        Recipient recipient = refused.notification().recipient();
        return List.of(
                new Outgoing(Notification.of(recipient, alerts.subList(0, middle)), only(refused.partitions(), alerts.subList(0, middle)), replaces),
                new Outgoing(Notification.of(recipient, alerts.subList(middle, alerts.size())),
                        only(refused.partitions(), alerts.subList(middle, alerts.size())), replaces));
    }

    public int maxAlerts() {
        return maxAlerts;
    }

    private static Map<String, TopicPartition> only(Map<String, TopicPartition> partitions, List<Alert> alerts) {
        Map<String, TopicPartition> result = new HashMap<>();
        alerts.forEach(a -> result.put(a.id(), partitions.get(a.id())));
        return result;
    }
}
