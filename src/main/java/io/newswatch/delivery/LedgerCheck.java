package io.newswatch.delivery;

import io.newswatch.alerts.Alert;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides, for each alert read and each recipient it is for, whether that delivery is already done
 * (in the {@link DeliveryLedger}), already on its way (in a notification being grouped, sent or
 * retried) or new, and keeps the alert records waiting for those deliveries uncommitted until they
 * are done.
 *
 * <p>Single-threaded: used by the notifier's consumer thread only.
 */
public final class LedgerCheck {

    /** A delivery on its way: where its alert was read, and the records waiting for it. */
    private record Open(TopicPartition partition, List<Long> offsets) {}

    private final DeliveryLedger ledger;
    private final PendingOffsets offsets = new PendingOffsets();
    /** Per ledger key (recipient/alert): the delivery on its way. */
    private final Map<String, Open> open = new HashMap<>();

    public LedgerCheck(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * An alert was read at {@code offset}; records it as waiting for each of {@code recipients} that
     * does not have it yet.
     *
     * @return the recipients for whom the alert is new and must be grouped
     */
    public List<Recipient> read(TopicPartition partition, long offset, Alert alert, List<Recipient> recipients) {
        List<Recipient> fresh = new ArrayList<>();
        int waiting = 0;
        for (Recipient recipient : recipients) {
            if (ledger.contains(recipient.name(), alert.id())) {
                continue;
            }
            waiting++;
            String key = DeliveryLedger.key(recipient.name(), alert.id());
            Open delivery = open.get(key);
            if (delivery != null) {
                delivery.offsets().add(offset);
            } else {
                open.put(key, new Open(partition, new ArrayList<>(List.of(offset))));
                fresh.add(recipient);
            }
        }
        offsets.consumed(partition, offset, waiting);
        return fresh;
    }

    /** A record that needs nothing (a tombstone, an alert dead-lettered as unreadable). */
    public void skipped(TopicPartition partition, long offset) {
        offsets.consumed(partition, offset, 0);
    }

    /** A record that must be read again after a restart (it could not be dead-lettered). */
    public void heldBack(TopicPartition partition, long offset) {
        offsets.consumed(partition, offset, 1);
    }

    /** True when the ledger has every alert of a pending notification for its recipient (delivered before a crash). */
    public boolean isDone(String recipient, List<String> alertIds) {
        return alertIds.stream().allMatch(id -> ledger.contains(recipient, id));
    }

    /** A notification restored from the pending store is on its way: its alerts, when read again, wait for it. */
    public void restored(Outgoing outgoing) {
        outgoing.partitions().forEach((alertId, partition) ->
                open.putIfAbsent(DeliveryLedger.key(outgoing.recipient(), alertId), new Open(partition, new ArrayList<>())));
    }

    /** The recipient's notification listing these alerts was delivered or dead-lettered, and recorded in the ledger. */
    public void done(String recipient, List<String> alertIds) {
        for (String alertId : alertIds) {
            Open delivery = open.remove(DeliveryLedger.key(recipient, alertId));
            if (delivery != null) {
                delivery.offsets().forEach(offset -> offsets.resolved(delivery.partition(), offset));
            }
        }
    }

    /** Forgets everything read from partitions this instance no longer owns. */
    public void forget(Collection<TopicPartition> partitions) {
        open.values().removeIf(delivery -> partitions.contains(delivery.partition()));
        offsets.forget(partitions);
    }

    /** How far each partition may be committed now (only those that moved). */
    public Map<TopicPartition, Long> toCommit() {
        return offsets.toCommit();
    }

    public void committed(Map<TopicPartition, Long> committed) {
        offsets.committed(committed);
    }

    /** Deliveries on their way, for tests. */
    public int open() {
        return open.size();
    }
}
