package io.newswatch.delivery.email;

/**
 * A rendered email ready for SMTP.
 *
 * @param messageId the {@code Message-ID} header with its angle brackets, derived from the notification id
 */
public record OutgoingEmail(String from, String to, String messageId, String subject, String text, String html) {}
