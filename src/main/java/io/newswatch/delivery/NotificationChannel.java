package io.newswatch.delivery;

/** One way of reaching one recipient (an SMTP mailbox, a webhook endpoint). */
public interface NotificationChannel {

    /**
     * Makes one attempt at sending. Never throws for delivery problems: they are reported as
     * {@link DeliveryOutcome.Transient} or {@link DeliveryOutcome.Permanent} so the caller decides
     * about retries. May be interrupted (shutdown), in which case any outcome may be returned.
     */
    DeliveryOutcome attempt(Notification notification);

    /** "email" or "webhook", for logs and dead letters. */
    String kind();
}
