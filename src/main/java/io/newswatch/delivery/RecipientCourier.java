package io.newswatch.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Delivers one recipient's notifications, one at a time and in order, on a thread of its own, so
 * an endpoint that is slow or failing (and retried for up to a day) never holds up any other
 * recipient. Transient failures are retried with {@link Backoff}, always under the same id;
 * permanent ones, and transient ones past the give-up time, end as dead letters; "too large" is
 * handed back to be split. The {@link Listener} hears of each end once; a notification abandoned by
 * shutdown or withdrawn (its partitions moved to another instance) is not reported at all: it stays
 * pending and uncommitted, and is sent again, unchanged, by whoever owns its partitions next.
 */
public final class RecipientCourier {
    private static final Logger LOG = Logger.getLogger(RecipientCourier.class);
    private static final long WAIT_SLICE_MILLIS = 50;

    /** Hears how each notification ended. Called on the courier's thread; may block (e.g. to write the ledger). */
    public interface Listener {
        void delivered(Outgoing outgoing, int attempts);

        void deadLettered(Outgoing outgoing, String channelKind, String reason, int attempts);

        /** Refused as too large (at least two alerts): the listener splits it and {@link #resubmit resubmits} the parts. */
        void tooLarge(Outgoing outgoing, String reason);
    }

    private final Recipient recipient;
    private final NotificationChannel channel;
    private final Backoff backoff;
    private final Clock clock;
    private final Listener listener;
    private final RandomGenerator random;
    private final BlockingDeque<Outgoing> queue = new LinkedBlockingDeque<>();
    private final Set<TopicPartition> withdrawn = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private volatile Outgoing current;

    public RecipientCourier(Recipient recipient, NotificationChannel channel, Backoff backoff, Clock clock,
                            Listener listener, RandomGenerator random) {
        this.recipient = recipient;
        this.channel = channel;
        this.backoff = backoff;
        this.clock = clock;
        this.listener = listener;
        this.random = random;
        this.thread = Thread.ofPlatform().daemon().name("newswatch-notify-" + recipient.name()).unstarted(this::run);
    }

    public RecipientCourier start() {
        thread.start();
        return this;
    }

    public void submit(Outgoing outgoing) {
        queue.addLast(outgoing);
    }

    /** Puts the parts of a split notification first in line, in order (skipped if their partitions were withdrawn). */
    public void resubmit(List<Outgoing> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (!parts.get(i).comesFrom(withdrawn)) {
                queue.addFirst(parts.get(i));
            }
        }
    }

    /**
     * Drops the queued notifications with alerts from {@code partitions} and stops retrying the
     * current one if it has any; an attempt under way finishes (and is reported).
     */
    public void withdraw(Set<TopicPartition> partitions) {
        withdrawn.addAll(partitions);
        queue.removeIf(o -> o.comesFrom(partitions));
    }

    /** True while this courier is still working on a notification with alerts from {@code partitions}. */
    public boolean busyWith(Set<TopicPartition> partitions) {
        Outgoing now = current;
        return now != null && now.comesFrom(partitions);
    }

    /** The partitions are ours again (a later assignment): their notifications are accepted again. */
    public void reassigned(Collection<TopicPartition> partitions) {
        withdrawn.removeAll(partitions);
    }

    private void run() {
        try {
            while (stopping.getCount() > 0) {
                Outgoing next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next != null && !next.comesFrom(withdrawn)) {
                    current = next;
                    try {
                        deliver(next);
                    } finally {
                        current = null;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "recipient '%s': notification courier stopped by an unexpected error", recipient.name());
        }
    }

    private void deliver(Outgoing outgoing) throws InterruptedException {
        Notification notification = outgoing.notification();
        Instant first = clock.instant();
        for (int attempt = 1; ; attempt++) {
            DeliveryOutcome outcome = channel.attempt(notification);
            switch (outcome) {
                case DeliveryOutcome.Delivered d -> {
                    LOG.infof("recipient '%s': delivered %s notification %s (rule %s, %d alert(s)) on attempt %d",
                            recipient.name(), channel.kind(), notification.id(), notification.ruleId(),
                            notification.alerts().size(), attempt);
                    listener.delivered(outgoing, attempt);
                    return;
                }
                case DeliveryOutcome.Permanent p -> {
                    LOG.warnf("recipient '%s': %s notification %s (rule %s) failed permanently on attempt %d, dead-lettered: %s",
                            recipient.name(), channel.kind(), notification.id(), notification.ruleId(), attempt, p.reason());
                    listener.deadLettered(outgoing, channel.kind(), p.reason(), attempt);
                    return;
                }
                case DeliveryOutcome.TooLarge t -> {
                    if (notification.alerts().size() < 2) {
                        LOG.warnf("recipient '%s': %s notification %s (rule %s) with a single alert is too large, dead-lettered: %s",
                                recipient.name(), channel.kind(), notification.id(), notification.ruleId(), t.reason());
                        listener.deadLettered(outgoing, channel.kind(), "too large even with one alert: " + t.reason(), attempt);
                    } else {
                        LOG.infof("recipient '%s': %s notification %s (rule %s, %d alerts) refused as too large (%s); splitting it in two",
                                recipient.name(), channel.kind(), notification.id(), notification.ruleId(),
                                notification.alerts().size(), t.reason());
                        listener.tooLarge(outgoing, t.reason());
                    }
                    return;
                }
                case DeliveryOutcome.Transient t -> {
                    if (stopping.getCount() == 0) {
                        LOG.infof("recipient '%s': notification %s left for the next start (attempt %d failed: %s)",
                                recipient.name(), notification.id(), attempt, t.reason());
                        return;
                    }
                    if (outgoing.comesFrom(withdrawn)) {
                        LOG.infof("recipient '%s': notification %s left to the new owner of its partitions (attempt %d failed: %s)",
                                recipient.name(), notification.id(), attempt, t.reason());
                        return;
                    }
                    Duration elapsed = Duration.between(first, clock.instant());
                    Optional<Duration> delay = backoff.next(attempt, elapsed, t.retryAfter(), random);
                    if (delay.isEmpty()) {
                        String reason = "gave up after " + attempt + " attempts over " + human(elapsed) + "; last error: " + t.reason();
                        LOG.warnf("recipient '%s': %s notification %s (rule %s) dead-lettered: %s",
                                recipient.name(), channel.kind(), notification.id(), notification.ruleId(), reason);
                        listener.deadLettered(outgoing, channel.kind(), reason, attempt);
                        return;
                    }
                    LOG.infof("recipient '%s': %s notification %s attempt %d failed (%s); retrying in %s",
                            recipient.name(), channel.kind(), notification.id(), attempt, t.reason(), human(delay.get()));
                    if (!pause(delay.get(), outgoing)) {
                        LOG.infof("recipient '%s': notification %s left for the next start or owner (stopped during retries)",
                                recipient.name(), notification.id());
                        return;
                    }
                }
            }
        }
    }

    /** Waits out a retry delay; false when shutdown or a withdrawal of the notification's partitions cut it short. */
    private boolean pause(Duration delay, Outgoing outgoing) throws InterruptedException {
        long end = System.nanoTime() + delay.toNanos();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left <= 0) {
                return true;
            }
            if (stopping.await(Math.min(left, WAIT_SLICE_MILLIS), TimeUnit.MILLISECONDS) || outgoing.comesFrom(withdrawn)) {
                return false;
            }
        }
    }

    /**
     * Stops taking notifications and abandons retries that are waiting; an attempt under way may
     * finish (and be reported) until {@code deadline}, after which the thread is interrupted.
     *
     * @return true when the courier ended before the deadline
     */
    public boolean stop(Instant deadline) throws InterruptedException {
        stopping.countDown();
        long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        if (thread.join(Duration.ofMillis(millis))) {
            return true;
        }
        thread.interrupt();
        thread.join(Duration.ofSeconds(2));
        return false;
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        if (d.toSeconds() < 120) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (d.toMinutes() < 120) {
            return d.toMinutes() + " min";
        }
        return d.toHours() + " h";
    }
}
