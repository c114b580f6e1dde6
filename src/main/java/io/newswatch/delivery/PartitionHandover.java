package io.newswatch.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Moves the notification work of alert partitions in and out of this instance: on assignment it
 * catches the ledger up and resends, unchanged, the partitions' pending notifications that the
 * ledger does not have; on revocation it withdraws their work from the couriers (letting attempts
 * under way end and be recorded), commits what is done and forgets the rest, which the next owner
 * reads again.
 *
 * <p>Runs on the notifier's consumer thread, inside its poll.
 */
public final class PartitionHandover implements AlertConsumer.Handover {
    private static final Logger LOG = Logger.getLogger(PartitionHandover.class);

    private final Recipients recipients;
    private final DeliveryLedger ledger;
    private final Consumer<String, byte[]> ledgerReader;
    private final PendingNotifications pending;
    private final Consumer<String, byte[]> pendingReader;
    private final DeadLetters deadLetters;
    private final LedgerCheck check;
    private final AlertGrouper grouper;
    private final CourierDispatch dispatch;
    private final Predicate<Map<TopicPartition, Long>> commit;
    private final BooleanSupplier running;
    private final Duration kafkaTimeout;
    private final Duration withdrawPatience;

    public PartitionHandover(Recipients recipients, DeliveryLedger ledger, Consumer<String, byte[]> ledgerReader,
                             PendingNotifications pending, Consumer<String, byte[]> pendingReader, DeadLetters deadLetters,
                             LedgerCheck check, AlertGrouper grouper, CourierDispatch dispatch, Predicate<Map<TopicPartition, Long>> commit,
                             BooleanSupplier running, Duration kafkaTimeout, Duration withdrawPatience) {
        this.recipients = recipients;
        this.ledger = ledger;
        this.ledgerReader = ledgerReader;
        this.pending = pending;
        this.pendingReader = pendingReader;
        this.deadLetters = deadLetters;
        this.check = check;
        this.grouper = grouper;
        this.dispatch = dispatch;
        this.commit = commit;
        this.running = running;
        this.kafkaTimeout = kafkaTimeout;
        this.withdrawPatience = withdrawPatience;
    }

    /** Reads the ledger up to its end, retrying while Kafka does not answer; false when stopped first. */
    public boolean catchUpLedger() {
        while (running.getAsBoolean()) {
            try {
                int entries = ledger.catchUp(ledgerReader, kafkaTimeout);
                LOG.debugf("notifier: delivery ledger caught up, %d entries", entries);
                return true;
            } catch (TimeoutException | KafkaException e) {
                LOG.warnf("notifier: reading the delivery ledger failed (%s); retrying", e.getMessage());
                pause();
            }
        }
        return false;
    }

    @Override
    public void assigned(Set<TopicPartition> partitions) {
        dispatch.reassigned(partitions);
        if (!catchUpLedger()) {
            return;
        }
        List<PendingNotifications.Stored> stored = null;
        while (stored == null && running.getAsBoolean()) {
            try {
                stored = pending.load(pendingReader, partitions, kafkaTimeout);
            } catch (TimeoutException | ExecutionException | KafkaException e) {
                LOG.warnf("notifier: reading the pending notifications failed (%s); retrying", e.getMessage());
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (stored == null) {
            return;
        }
        int resent = 0;
        for (PendingNotifications.Stored entry : stored) {
            Optional<Recipient> recipient = recipients.get(entry.recipient());
            List<String> alertIds = entry.alerts().stream().map(a -> a.id()).toList();
            if (check.isDone(entry.recipient(), alertIds)) {
                removeQuietly(entry);
                continue;
            }
            if (recipient.isEmpty()) {
                deadLetterOrphan(entry);
                continue;
            }
            Outgoing outgoing = new Outgoing(Notification.of(recipient.get(), entry.alerts()), entry.partitions(), entry.replaces());
            check.restored(outgoing);
            dispatch.submit(outgoing);
            resent++;
        }
        LOG.infof("notifier: now sending for %d partition(s) of %s; %d pending notification(s) resent unchanged",
                partitions.size(), partitions.iterator().next().topic(), resent);
    }

    @Override
    public void revoked(Set<TopicPartition> partitions) {
        grouper.forget(partitions);
        dispatch.withdraw(partitions, Instant.now().plus(withdrawPatience));
        drainFinished();
        Map<TopicPartition, Long> offsets = new HashMap<>(check.toCommit());
        offsets.keySet().retainAll(partitions);
        if (commit.test(offsets)) {
            check.committed(offsets);
        }
        check.forget(partitions);
        LOG.infof("notifier: %d partition(s) handed over; their unfinished notifications go with them", partitions.size());
    }

    @Override
    public void lost(Set<TopicPartition> partitions) {
        grouper.forget(partitions);
        dispatch.withdraw(partitions, Instant.now());
        check.forget(partitions);
    }

    /** Tells the ledger check about every delivery the couriers finished. */
    public void drainFinished() {
        for (CourierDispatch.Finished done; (done = dispatch.nextFinished()) != null; ) {
            check.done(done.recipient(), done.alertIds());
        }
    }

    /**
     * A pending notification for a recipient removed from {@code _recipients.yml} is dead-lettered
     * with that reason (not dropped): the operator sees it and can replay it. If the dead-letter
     * topic cannot be written, the entry stays pending and is looked at again on the next assignment.
     */
    private void deadLetterOrphan(PendingNotifications.Stored entry) {
        String reason = "recipient '" + entry.recipient() + "' is no longer in the recipients file";
        try {
            deadLetters.orphaned(entry.id(), entry.recipient(), entry.alerts(), reason, kafkaTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warnf("notifier: pending notification %s for removed recipient '%s' cannot be dead-lettered (%s); "
                    + "it stays pending", entry.id(), entry.recipient(), e.getMessage());
            return;
        }
        LOG.warnf("notifier: pending notification %s (%d alert(s)) is for recipient '%s', who is no longer in the recipients "
                + "file; dead-lettered", entry.id(), entry.alerts().size(), entry.recipient());
        removeQuietly(entry);
    }

    private void removeQuietly(PendingNotifications.Stored entry) {
        try {
            pending.remove(entry.recipient(), entry.id(), kafkaTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.debugf("notifier: removing pending notification %s failed (%s); it is checked again next time", entry.id(), e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
