package io.newswatch.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24));
    final Random random = new Random(42);

    Duration next(int failed) {
        return backoff.next(failed, Duration.ZERO, Optional.empty(), random).orElseThrow();
    }

    @Test
    void delaysGrowExponentiallyWithJitterBetweenHalfAndAll() {
        for (int failed = 1; failed <= 8; failed++) {
            long base = 1000L << (failed - 1);
            for (int i = 0; i < 50; i++) {
                long delay = next(failed).toMillis();
                assertTrue(delay >= base / 2 && delay <= base, "attempt " + failed + ": " + delay);
            }
        }
    }

    @Test
    void jitterSpreadsRetries() {
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            delays.add(next(5).toMillis());
        }
        assertTrue(delays.size() > 10, delays.toString());
    }

    @Test
    void delaysAreCappedAtTheMaximum() {
        for (int i = 0; i < 20; i++) {
            assertTrue(next(40).compareTo(Duration.ofMinutes(10)) <= 0);
        }
    }

    @Test
    void givesUpAfterTheTotalTime() {
        assertEquals(Optional.empty(), backoff.next(3, Duration.ofHours(24), Optional.empty(), random));
    }

    @Test
    void theLastRetryIsScheduledAtTheDeadlineNotPastIt() {
        Duration delay = backoff.next(30, Duration.ofHours(24).minusSeconds(5), Optional.empty(), random).orElseThrow();
        assertEquals(Duration.ofSeconds(5), delay);
    }

    @Test
    void retryAfterIsHonouredAsAMinimum() {
        assertEquals(Duration.ofSeconds(120), backoff.next(1, Duration.ZERO, Optional.of(Duration.ofSeconds(120)), random).orElseThrow());
        assertTrue(backoff.next(12, Duration.ZERO, Optional.of(Duration.ofSeconds(1)), random).orElseThrow().toSeconds() >= 300);
    }

    @Test
    void aRetryAfterBeyondTheDeadlineGivesUp() {
        assertEquals(Optional.empty(), backoff.next(1, Duration.ofHours(23), Optional.of(Duration.ofHours(2)), random));
    }
}
