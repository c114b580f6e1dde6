package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.newswatch.document.DocumentIds;

class SeenItemsTest {
    /** Keys are document ids; stored as their first 32 hex digits. */
    private static String k(String name) {
        return DocumentIds.forUrl(name).substring(0, 32);
    }

    private static List<String> ks(String... names) {
        return Arrays.stream(names).map(SeenItemsTest::k).toList();
    }
    @Test
    void anItemSeenViaOneFeedIsSeenForAll() {
        SeenItems seen = new SeenItems(10);
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(ks("k")));
        assertEquals(SeenItems.Claim.BUSY, seen.claim(ks("k")), "claimed by a poll in progress");
        seen.commit("a", ks("k"));
        assertEquals(SeenItems.Claim.SEEN, seen.claim(ks("other", "k")));
    }

    @Test
    void aReleasedClaimCanBeRetried() {
        SeenItems seen = new SeenItems(10);
        seen.claim(ks("k"));
        seen.release(ks("k"));
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(ks("k")));
    }

    @Test
    void forgetsTheOldestKeysPastTheLimitButNeverCurrentOnes() {
        SeenItems seen = new SeenItems(3);
        seen.load("a", ks("1", "2", "3", "4", "5"));
        assertEquals(ks("3", "4", "5"), seen.keysOf("a"));
        seen.stillListed("a", ks("3", "6", "7", "8"));
        assertEquals(ks("3", "6", "7", "8"), seen.keysOf("a"), "the four listed now are all kept");
        seen.stillListed("a", ks("8"));
        assertEquals(ks("6", "7", "8"), seen.keysOf("a"));
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(ks("3")), "evicted keys are no longer seen");
    }

    @Test
    void keepsTheFirst128BitsOfFullDocumentIds() {
        SeenItems seen = new SeenItems(10);
        String id = DocumentIds.forUrl("https://example.org/a");
        seen.claim(List.of(id));
        seen.commit("a", List.of(id));
        assertEquals(List.of(id.substring(0, 32)), seen.keysOf("a"));
        assertEquals(SeenItems.Claim.SEEN, seen.claim(List.of(id.substring(0, 32))));
    }

    @Test
    void aKeyStaysSeenWhileAnyFeedRemembersIt() {
        SeenItems seen = new SeenItems(10);
        seen.load("a", ks("shared"));
        seen.load("b", ks("shared"));
        seen.forget("a");
        assertEquals(SeenItems.Claim.SEEN, seen.claim(ks("shared")));
        seen.forget("b");
        assertEquals(SeenItems.Claim.CLAIMED, seen.claim(ks("shared")));
    }
}
