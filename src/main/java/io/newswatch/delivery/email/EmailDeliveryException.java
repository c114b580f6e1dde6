package io.newswatch.delivery.email;

/**
 * SMTP did not take a message.
 *
 * @see #isPermanent()
 */
public class EmailDeliveryException extends Exception {
    private final boolean permanent;
    private final boolean tooLarge;

    public EmailDeliveryException(String message, boolean permanent) {
        this(message, permanent, false);
    }

    public EmailDeliveryException(String message, boolean permanent, boolean tooLarge) {
        super(message);
        this.permanent = permanent;
        this.tooLarge = tooLarge;
    }

    /** True when the server refused the message for its size (SMTP 552, or enhanced status 5.3.4): a smaller one may pass. */
    public boolean isTooLarge() {
        return tooLarge;
    }

    /** True for SMTP 5xx replies: the same message will be refused again, so it is dead-lettered instead of retried. */
    public boolean isPermanent() {
        return permanent;
    }
}
