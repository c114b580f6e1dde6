package io.newswatch.delivery.email;

/**
 * Sends one email over SMTP. A small seam so the channel logic (rendering, failure classification)
 * does not care which SMTP client is used; the daemon's is {@link VertxMailTransport}.
 */
public interface EmailTransport {

    /**
     * Returns once the SMTP server accepted the message.
     *
     * @throws EmailDeliveryException when it did not, saying whether retrying may help
     * @throws InterruptedException   when shutdown interrupted the wait
     */
    void send(OutgoingEmail email) throws EmailDeliveryException, InterruptedException;
}
