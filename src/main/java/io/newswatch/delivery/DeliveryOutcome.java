package io.newswatch.delivery;

import java.time.Duration;
import java.util.Optional;

/** What one attempt at sending a notification came to; channels report failures this way instead of throwing. */
public sealed interface DeliveryOutcome {

    /** The recipient's server accepted the notification. */
    record Delivered() implements DeliveryOutcome {}

    /** Worth trying again later (network error, timeout, SMTP 4xx, HTTP 408/429/5xx). */
    record Transient(String reason, Optional<Duration> retryAfter) implements DeliveryOutcome {
        public Transient(String reason) {
            this(reason, Optional.empty());
        }
    }

    /**
     * The recipient's server refused the notification as too large (HTTP 413, SMTP 552): the caller
     * splits it into smaller notifications rather than giving up; one alert that is still too large
     * is dead-lettered.
     */
    record TooLarge(String reason) implements DeliveryOutcome {}

    /** Will fail the same way every time (SMTP 5xx, HTTP 4xx, refused address): dead-letter at once. */
    record Permanent(String reason) implements DeliveryOutcome {}

    static DeliveryOutcome delivered() {
        return new Delivered();
    }
}
