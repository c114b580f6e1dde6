package io.newswatch.delivery.email;

import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends through the Vert.x mail client, the engine of the Quarkus mailer. In the daemon the client
 * is the one Quarkus builds from {@code quarkus.mailer.*} (host, port, STARTTLS/TLS, user and
 * password, e.g. {@code QUARKUS_MAILER_HOST}); tests build one pointing at GreenMail. The client
 * is used directly rather than {@code io.quarkus.mailer.Mailer} because we need the SMTP reply
 * code of a failure (4xx retried, 5xx dead-lettered) and our own {@code Message-ID}.
 */
public final class VertxMailTransport implements EmailTransport {
    private final MailClient client;
    private final Duration timeout;

    public VertxMailTransport(MailClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public void send(OutgoingEmail email) throws EmailDeliveryException, InterruptedException {
        MailMessage message = new MailMessage()
                .setFrom(email.from())
                .setTo(email.to())
                .setSubject(email.subject())
                .setText(email.text())
                .setHtml(email.html())
                .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", email.messageId()));
        CompletableFuture<?> sending = client.sendMail(message).toCompletionStage().toCompletableFuture();
        try {
            sending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sending.cancel(true);
            throw new EmailDeliveryException("SMTP server did not accept the message within " + timeout.toSeconds() + " s", false);
        } catch (ExecutionException e) {
            throw classify(e.getCause());
        }
    }

    static EmailDeliveryException classify(Throwable failure) {
        if (failure instanceof SMTPException smtp) {
            String reply = smtp.getReplyMessage() == null ? "" : smtp.getReplyMessage().replaceAll("\\s+", " ").strip();
            if (reply.startsWith(smtp.getReplyCode() + " ")) {
                reply = reply.substring(4);
            }
            boolean tooLarge = smtp.getReplyCode() == 552 || reply.startsWith("5.3.4");
            return new EmailDeliveryException("SMTP " + smtp.getReplyCode() + (reply.isEmpty() ? "" : " " + reply),
                    smtp.isPermanent(), tooLarge);
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new EmailDeliveryException("SMTP server unreachable or connection failed: " + message, false);
    }
}
