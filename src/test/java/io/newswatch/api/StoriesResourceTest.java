package io.newswatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoriesResourceTest {
    static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");

    @Test
    void sinceTakesAnAgeOrATimeAndDefaultsToADay() {
        assertEquals(NOW.minusSeconds(24 * 3600), StoriesResource.since(null, NOW));
        assertEquals(NOW.minusSeconds(30 * 60), StoriesResource.since("30m", NOW));
        assertEquals(NOW.minusSeconds(7 * 24 * 3600), StoriesResource.since("7d", NOW));
        assertEquals(Instant.parse("2026-03-01T00:00:00Z"), StoriesResource.since("2026-03-01T00:00:00Z", NOW));
    }

    @Test
    void aBadSinceOrLimitIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoriesResource.since("yesterday", NOW));
        assertTrue(e.getMessage().contains("since=yesterday"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoriesResource.limit("5000"));
        assertTrue(e.getMessage().contains("1 to 1000"), e.getMessage());
        assertEquals(100, StoriesResource.limit(null));
    }
}
