package io.newswatch.delivery.email;

/**
 * SMTP did not take a message.
 *
 * @see #isPermanent()
 */
public class EmailDeliveryException extends Exception {
    private final boolean permanent;

    public EmailDeliveryException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    /** True for SMTP 5xx replies: the same message will be refused again, so it is dead-lettered instead of retried. */
    public boolean isPermanent() {
        return permanent;
    }
}
