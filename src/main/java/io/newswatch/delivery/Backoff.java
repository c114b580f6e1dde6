package io.newswatch.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to retry after a transient failure: exponential (initial, 2×, 4×, ... capped at {@code max})
 * with "equal jitter" (a random delay between half and all of that), so many notifications failing
 * together do not retry in lock-step; a server's {@code Retry-After} is honoured as a minimum. After
 * {@code giveUpAfter} of failures the notification is given up (dead-lettered).
 */
public record Backoff(Duration initial, Duration max, Duration giveUpAfter) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and giveUpAfter >= 0");
        }
    }

    /**
     * @param failedAttempts attempts made so far, all failed (1 after the first failure)
     * @param elapsed        time since the first attempt started
     * @param retryAfter     the delay the server asked for, if it did
     * @return the delay before the next attempt, or empty to give up
     */
    public Optional<Duration> next(int failedAttempts, Duration elapsed, Optional<Duration> retryAfter, RandomGenerator random) {
        Duration remaining = giveUpAfter.minus(elapsed);
        if (remaining.isNegative() || remaining.isZero()) {
            return Optional.empty();
        }
        Duration base = initial;
        for (int i = 1; i < failedAttempts && base.compareTo(max) < 0; i++) {
            base = base.multipliedBy(2);
        }
        if (base.compareTo(max) > 0) {
            base = max;
        }
        long half = base.toMillis() / 2;
        Duration delay = Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            if (retryAfter.get().compareTo(remaining) > 0) {
                return Optional.empty();
            }
            delay = retryAfter.get();
        }
        return Optional.of(delay.compareTo(remaining) > 0 ? remaining : delay);
    }
}
