package io.newswatch.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Hands each notification to its recipient's {@link RecipientCourier} and, when a courier is done
 * with one, makes the outcome durable before anything is committed: the dead letter (if any), then
 * the ledger, then the removal of the pending entry; a notification refused as too large is
 * replaced by its two halves (saved as pending first). Finished deliveries are queued for the
 * consumer thread, which alone touches offsets.
 */
public final class CourierDispatch {
    private static final Logger LOG = Logger.getLogger(CourierDispatch.class);

    /** A notification's end, as the consumer thread learns it. */
    public record Finished(String recipient, List<String> alertIds) {}

    private final Map<String, RecipientCourier> couriers = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final DeliveryLedger ledger;
    private final DeadLetters deadLetters;
    private final PendingNotifications pending;
    private final Duration kafkaTimeout;
    private volatile boolean stopping;

    public CourierDispatch(Recipients recipients, Function<Recipient, NotificationChannel> channels, Backoff backoff, Clock clock,
                           DeliveryLedger ledger, DeadLetters deadLetters, PendingNotifications pending, Duration kafkaTimeout) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.pending = pending;
        this.kafkaTimeout = kafkaTimeout;
        RecipientCourier.Listener listener = new Outcomes();
        for (Recipient recipient : recipients.all()) {
            couriers.put(recipient.name(), new RecipientCourier(recipient, channels.apply(recipient), backoff, clock, listener,
                    RandomGenerator.getDefault()));
        }
    }

    public CourierDispatch start() {
        couriers.values().forEach(RecipientCourier::start);
        return this;
    }

    public Set<String> recipients() {
        return couriers.keySet();
    }

    /** Queues a notification (already saved as pending) for its recipient. */
    public void submit(Outgoing outgoing) {
        couriers.get(outgoing.recipient()).submit(outgoing);
    }

    /** The next finished delivery, or null. */
    public Finished nextFinished() {
        return finished.poll();
    }

    /**
     * Withdraws the work on {@code partitions} from every courier and waits (until {@code deadline})
     * for attempts under way on them to end, so their outcome is recorded before another instance
     * takes the partitions over.
     */
    public void withdraw(Set<TopicPartition> partitions, Instant deadline) {
        couriers.values().forEach(c -> c.withdraw(partitions));
        while (couriers.values().stream().anyMatch(c -> c.busyWith(partitions)) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The partitions are this instance's again. */
    public void reassigned(Set<TopicPartition> partitions) {
        couriers.values().forEach(c -> c.reassigned(partitions));
    }

    /** Stops every courier, letting attempts under way finish until {@code deadline}. */
    public void stop(Instant deadline) {
        stopping = true;
        for (Map.Entry<String, RecipientCourier> courier : couriers.entrySet()) {
            try {
                if (!courier.getValue().stop(deadline)) {
                    LOG.warnf("recipient '%s': notification still being sent at shutdown; it will be sent again on the next start",
                            courier.getKey());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs on courier threads: records each outcome durably, then tells the consumer thread. */
    private final class Outcomes implements RecipientCourier.Listener {
        @Override
        public void delivered(Outgoing outgoing, int attempts) {
            finish(outgoing, DeliveryLedger.Outcome.DELIVERED);
        }

        @Override
        public void deadLettered(Outgoing outgoing, String channelKind, String reason, int attempts) {
            Notification n = outgoing.notification();
            if (retrying(n, "writing it to the dead-letter topic",
                    () -> deadLetters.notification(n, channelKind, reason, attempts, kafkaTimeout))) {
                finish(outgoing, DeliveryLedger.Outcome.DEAD_LETTERED);
            }
        }

        @Override
        public void tooLarge(Outgoing outgoing, String reason) {
            List<Outgoing> halves = NotificationSplitter.halve(outgoing);
            for (Outgoing half : halves) {
                if (!retrying(half.notification(), "saving it as pending", () -> pending.save(half, kafkaTimeout))) {
                    return;
                }
            }
            Notification n = outgoing.notification();
            retrying(n, "removing it from the pending notifications", () -> pending.remove(outgoing.recipient(), n.id(), kafkaTimeout));
            LOG.infof("recipient '%s': notification %s split into %s (%d alerts) and %s (%d alerts)", outgoing.recipient(), n.id(),
                    halves.get(0).notification().id(), halves.get(0).notification().alerts().size(),
                    halves.get(1).notification().id(), halves.get(1).notification().alerts().size());
            couriers.get(outgoing.recipient()).resubmit(halves);
        }

        private void finish(Outgoing outgoing, DeliveryLedger.Outcome outcome) {
            Notification n = outgoing.notification();
            if (!retrying(n, "recording it in the ledger", () -> ledger.record(n, outcome, kafkaTimeout))) {
                return;
            }
            // Left behind if this fails: the next owner finds every alert in the ledger and removes it.
            retrying(n, "removing it from the pending notifications", () -> pending.remove(outgoing.recipient(), n.id(), kafkaTimeout));
            finished.add(new Finished(outgoing.recipient(), n.alertIds()));
        }
    }

    private interface KafkaWrite {
        void run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** Retries a write to Kafka every second until it succeeds; false when shutdown ended the tries. */
    private boolean retrying(Notification n, String what, KafkaWrite write) {
        while (true) {
            try {
                write.run();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                LOG.warnf("recipient '%s': notification %s: %s failed (%s); retrying", n.recipient().name(), n.id(), what,
                        e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                if (stopping) {
                    return false;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
