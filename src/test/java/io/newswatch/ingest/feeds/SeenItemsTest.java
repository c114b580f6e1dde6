package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SeenItemsTest {
    @Test
    void anItemSeenViaOneFeedIsSeenForAll() {
        SeenItems seen = new SeenItems(10);
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(List.of("k")));
        assertEquals(SeenItems.Claim.BUSY, seen.claim(List.of("k")), "claimed by a poll in progress");
        seen.commit("a", List.of("k"));
        assertEquals(SeenItems.Claim.SEEN, seen.claim(List.of("other", "k")));
    }

    @Test
    void aReleasedClaimCanBeRetried() {
        SeenItems seen = new SeenItems(10);
        seen.claim(List.of("k"));
        seen.release(List.of("k"));
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(List.of("k")));
    }

    @Test
    void forgetsTheOldestKeysPastTheLimitButNeverCurrentOnes() {
        SeenItems seen = new SeenItems(3);
        seen.load("a", List.of("1", "2", "3", "4", "5"));
        assertEquals(List.of("3", "4", "5"), seen.keysOf("a"));
        seen.stillListed("a", List.of("3", "6", "7", "8"));
        assertEquals(List.of("3", "6", "7", "8"), seen.keysOf("a"), "the four listed now are all kept");
        seen.stillListed("a", List.of("8"));
        assertEquals(List.of("6", "7", "8"), seen.keysOf("a"));
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(List.of("3")), "evicted keys are no longer seen");
    }

    @Test
    void aKeyStaysSeenWhileAnyFeedRemembersIt() {
        SeenItems seen = new SeenItems(10);
        seen.load("a", List.of("shared"));
        seen.load("b", List.of("shared"));
        seen.forget("a");
        assertEquals(SeenItems.Claim.SEEN, seen.claim(List.of("shared")));
        seen.forget("b");
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(List.of("shared")));
    }
}
