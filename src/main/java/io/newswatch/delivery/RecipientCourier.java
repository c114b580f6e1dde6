package io.newswatch.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/**
 * Delivers one recipient's notifications, one at a time and in order, on a thread of its own, so
 * an endpoint that is slow or failing (and retried for up to a day) never holds up any other
 * recipient. Transient failures are retried with {@link Backoff}; permanent ones, and transient
 * ones past the give-up time, end as dead letters. Either way the {@link Listener} hears of it
 * once; a notification abandoned by shutdown is not reported at all, so its alerts stay
 * uncommitted and are re-read on restart.
 */
public final class RecipientCourier {
    private static final Logger LOG = Logger.getLogger(RecipientCourier.class);

    /** Hears how each notification ended. Called on the courier's thread; may block (e.g. to write the ledger). */
    public interface Listener {
        void delivered(Notification notification, int attempts);

        void deadLettered(Notification notification, String channelKind, String reason, int attempts);
    }

    private final Recipient recipient;
    private final NotificationChannel channel;
    private final Backoff backoff;
    private final Clock clock;
    private final Listener listener;
    private final RandomGenerator random;
    private final BlockingQueue<Notification> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;

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

    public void submit(Notification notification) {
        queue.add(notification);
    }

    private void run() {
        try {
            while (stopping.getCount() > 0) {
                Notification next = queue.poll(100, TimeUnit.MILLISECONDS);
                if (next != null) {
                    deliver(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "recipient '%s': notification courier stopped by an unexpected error", recipient.name());
        }
    }

    private void deliver(Notification notification) throws InterruptedException {
        Instant first = clock.instant();
        for (int attempt = 1; ; attempt++) {
            DeliveryOutcome outcome = channel.attempt(notification);
            switch (outcome) {
                case DeliveryOutcome.Delivered d -> {
                    LOG.infof("recipient '%s': delivered %s notification %s (rule %s, %d alert(s)) on attempt %d",
                            recipient.name(), channel.kind(), notification.id(), notification.ruleId(),
                            notification.alerts().size(), attempt);
                    listener.delivered(notification, attempt);
                    return;
                }
                case DeliveryOutcome.Permanent p -> {
                    LOG.warnf("recipient '%s': %s notification %s (rule %s) failed permanently on attempt %d, dead-lettered: %s",
                            recipient.name(), channel.kind(), notification.id(), notification.ruleId(), attempt, p.reason());
                    listener.deadLettered(notification, channel.kind(), p.reason(), attempt);
                    return;
                }
                case DeliveryOutcome.Transient t -> {
                    if (stopping.getCount() == 0) {
                        LOG.infof("recipient '%s': notification %s left for the next start (attempt %d failed: %s)",
                                recipient.name(), notification.id(), attempt, t.reason());
                        return;
                    }
                    Duration elapsed = Duration.between(first, clock.instant());
                    Optional<Duration> delay = backoff.next(attempt, elapsed, t.retryAfter(), random);
                    if (delay.isEmpty()) {
                        String reason = "gave up after " + attempt + " attempts over " + human(elapsed) + "; last error: " + t.reason();
                        LOG.warnf("recipient '%s': %s notification %s (rule %s) dead-lettered: %s",
                                recipient.name(), channel.kind(), notification.id(), notification.ruleId(), reason);
                        listener.deadLettered(notification, channel.kind(), reason, attempt);
                        return;
                    }
                    LOG.infof("recipient '%s': %s notification %s attempt %d failed (%s); retrying in %s",
                            recipient.name(), channel.kind(), notification.id(), attempt, t.reason(), human(delay.get()));
                    if (stopping.await(delay.get().toMillis(), TimeUnit.MILLISECONDS)) {
                        LOG.infof("recipient '%s': notification %s left for the next start (shutting down during retries)",
                                recipient.name(), notification.id());
                        return;
                    }
                }
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
            return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (d.toMinutes() < 120) {
            return d.toMinutes() + " min";
        }
        return d.toHours() + " h";
    }
}
