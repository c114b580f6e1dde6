package io.newswatch.delivery.webhook;

import io.newswatch.delivery.DeliveryOutcome;
import io.newswatch.delivery.Notification;
import io.newswatch.delivery.NotificationChannel;
import io.newswatch.delivery.Recipient;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * POSTs notifications to one webhook endpoint, signed per Standard Webhooks. Each attempt carries
 * the notification id as {@code webhook-id} (the same on every retry, so the receiver can drop
 * copies) and a fresh {@code webhook-timestamp} and signature. Redirects are never followed: a
 * redirect could lead past the {@link AddressGuard}, so it counts as a permanent failure.
 *
 * <p>Classification: 2xx delivered; 408, 429 (with {@code Retry-After}) and 5xx, timeouts and
 * network errors are transient; 413 is "too large" (the caller splits the notification); every
 * other status, and a refused address, is permanent.
 */
public final class WebhookChannel implements NotificationChannel {
    private static final int REASON_BODY_CHARS = 200;

    private final Recipient.Webhook recipient;
    private final HttpClient client;
    private final AddressGuard guard;
    private final Duration timeout;
    private final Clock clock;
    private final WebhookSigner signer;

    public WebhookChannel(Recipient.Webhook recipient, HttpClient client, AddressGuard guard, Duration timeout, Clock clock) {
        this.recipient = recipient;
        this.client = client;
        this.guard = guard;
        this.timeout = timeout;
        this.clock = clock;
        this.signer = new WebhookSigner(recipient.secret());
    }

    /** The client every webhook should share: no redirects, HTTP/1.1, connect timeout. */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public String kind() {
        return "webhook";
    }

    @Override
    public DeliveryOutcome attempt(Notification notification) {
        String host = recipient.url().getHost();
        try {
            Optional<String> refusal = guard.refusal(host);
            if (refusal.isPresent()) {
                return new DeliveryOutcome.Permanent("address refused: " + refusal.get());
            }
        } catch (UnknownHostException e) {
            return new DeliveryOutcome.Transient("host " + host + " does not resolve");
        }
        byte[] body = WebhookPayload.render(notification);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(recipient.url())
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "newswatch")
                .header("webhook-id", notification.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(notification.id(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            return new DeliveryOutcome.Transient("no connection within " + seconds(timeout));
        } catch (HttpTimeoutException e) {
            return new DeliveryOutcome.Transient("no response within " + seconds(timeout));
        } catch (IOException e) {
            return new DeliveryOutcome.Transient("request failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome.Transient("interrupted by shutdown");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            closeQuietly(response.body());
            return DeliveryOutcome.delivered();
        }
        String reason = "HTTP " + status + bodyExcerpt(response.body());
        if (status == 413) {
            return new DeliveryOutcome.TooLarge(reason);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome.Transient(reason, retryAfter(response));
        }
        if (status >= 300 && status < 400) {
            return new DeliveryOutcome.Permanent(reason + " (redirect to "
                    + response.headers().firstValue("location").orElse("?") + " not followed; configure the final URL)");
        }
        return new DeliveryOutcome.Permanent(reason);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date; absent or unreadable: empty. */
    Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("retry-after").map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        return parseRetryAfter(header.get(), clock.instant());
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A short, single-line prefix of an error response body, read for at most two seconds. */
    private static String bodyExcerpt(InputStream body) {
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] bytes = body.readNBytes(REASON_BODY_CHARS * 4);
                String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "").strip();
                return text.length() > REASON_BODY_CHARS ? text.substring(0, REASON_BODY_CHARS) + "..." : text;
            } catch (IOException e) {
                return "";
            }
        });
        try {
            String text = read.get(2, TimeUnit.SECONDS);
            return text.isEmpty() ? "" : ": " + text;
        } catch (Exception e) {
            return "";
        } finally {
            closeQuietly(body);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the response is no longer needed
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().toString();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
