package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * One message to one recipient listing a group of alerts of one rule.
 *
 * @param id     deterministic (see {@link #idFor}): the same recipient, rule and alerts always give the
 *               same id, used as {@code webhook-id} and email {@code Message-ID}, so a receiver can
 *               drop a copy that a retry or restart sent again
 * @param alerts oldest first, never empty
 */
public record Notification(String id, Recipient recipient, String ruleId, String ruleTitle, List<Alert> alerts) {

    private static final Comparator<Alert> OLDEST_FIRST = Comparator.comparing(Alert::time).thenComparing(Alert::id);

    public Notification {
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("a notification lists at least one alert");
        }
        alerts = List.copyOf(alerts);
    }

    /** Groups {@code alerts}, all of one rule, into the notification for {@code recipient}. */
    public static Notification of(Recipient recipient, Collection<Alert> alerts) {
        List<Alert> sorted = alerts.stream().sorted(OLDEST_FIRST).toList();
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a notification lists at least one alert");
        }
        Alert newest = sorted.getLast();
        String ruleId = newest.rule().id();
        if (sorted.stream().anyMatch(a -> !a.rule().id().equals(ruleId))) {
            throw new IllegalArgumentException("a notification lists alerts of one rule only");
        }
        String id = idFor(recipient.name(), ruleId, sorted.stream().map(Alert::id).toList());
        String title = newest.rule().title() == null || newest.rule().title().isBlank() ? ruleId : newest.rule().title();
        return new Notification(id, recipient, ruleId, title, sorted);
    }

    /** First 32 hex digits of SHA-256 over the recipient name, the rule id and the sorted alert ids, one per line. */
    public static String idFor(String recipientName, String ruleId, Collection<String> alertIds) {
        StringBuilder text = new StringBuilder().append(recipientName).append('\n').append(ruleId);
        alertIds.stream().sorted().distinct().forEach(id -> text.append('\n').append(id));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public List<String> alertIds() {
        return alerts.stream().map(Alert::id).toList();
    }
}
