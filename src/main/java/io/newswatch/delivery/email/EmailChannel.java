package io.newswatch.delivery.email;

import io.newswatch.delivery.DeliveryOutcome;
import io.newswatch.delivery.Notification;
import io.newswatch.delivery.NotificationChannel;
import io.newswatch.delivery.Recipient;

/** Emails notifications to one mailbox; SMTP 552 (too large) asks for a split, other 5xx are permanent, anything else that fails is retried. */
public final class EmailChannel implements NotificationChannel {
    private final Recipient.Email recipient;
    private final EmailTransport transport;
    private final EmailRenderer renderer;
    private final String from;

    public EmailChannel(Recipient.Email recipient, EmailTransport transport, EmailRenderer renderer, String from) {
        this.recipient = recipient;
        this.transport = transport;
        this.renderer = renderer;
        this.from = from;
    }

    @Override
    public String kind() {
        return "email";
    }

    @Override
    public DeliveryOutcome attempt(Notification notification) {
        EmailRenderer.Rendered rendered = renderer.render(notification);
        OutgoingEmail email = new OutgoingEmail(from, recipient.address(), EmailRenderer.messageId(notification),
                rendered.subject(), rendered.text(), rendered.html());
        try {
            transport.send(email);
            return DeliveryOutcome.delivered();
        } catch (EmailDeliveryException e) {
            if (e.isTooLarge()) {
                return new DeliveryOutcome.TooLarge(e.getMessage());
            }
            return e.isPermanent() ? new DeliveryOutcome.Permanent(e.getMessage()) : new DeliveryOutcome.Transient(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Transient("interrupted by shutdown");
        }
    }
}
