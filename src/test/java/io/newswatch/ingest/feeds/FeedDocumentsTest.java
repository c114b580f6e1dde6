package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;

class FeedDocumentsTest {
    private static final String FEED = "https://feeds.example.org/world.xml";
    private static final Instant FETCHED = Instant.parse("2024-10-08T12:00:00Z");
    private final FeedDocuments documents = new FeedDocuments("en");

    private List<FeedDocuments.FeedDocument> map(FeedItem... items) {
        return documents.toDocuments(new ParsedFeed("World", null, List.of(items), List.of()), FeedSpec.of(FEED), URI.create(FEED), FETCHED);
    }

    private static FeedItem item(String guid, String link, String title, String body, Instant published) {
        return new FeedItem(guid, link, title, body, published, null, List.of(), List.of());
    }

    @Test
    void identifiesLinkedItemsByCanonicalLinkAndRemembersTheirGuid() {
        FeedDocuments.FeedDocument d = map(item("g1", "/news/1?utm_campaign=x#frag", "T", "B", null)).getFirst();
        String canonical = "https://feeds.example.org/news/1";
        assertEquals(DocumentIds.forUrl(canonical), d.document().id());
        assertEquals(canonical, d.document().location());
        assertEquals(List.of(DocumentIds.forUrl(canonical), DocumentIds.forUrl(FEED + "#g1")), d.keys());
        assertEquals("World", d.document().source());
        assertEquals("en", d.document().language());
    }

    @Test
    void identifiesUnlinkedItemsByGuidPrefixedWithTheFeedUrl() {
        Document d = map(item("urn:uuid:42", null, "T", "B", null)).getFirst().document();
        assertEquals(DocumentIds.forUrl(FEED + "#urn:uuid:42"), d.id());
        assertEquals(FEED, d.location());
    }

    @Test
    void identifiesItemsWithoutLinkOrGuidByTheirTextStablyAcrossPolls() {
        List<FeedDocuments.FeedDocument> first = map(item(null, null, "T", "B", null), item(null, "javascript:void(0)", "T", "B", null),
                item(null, null, "T", "other text", null));
        List<FeedDocuments.FeedDocument> again = map(item(null, null, "T", "B", null));
        String id = again.getFirst().document().id();
        assertEquals(List.of(id, id), first.stream().limit(2).map(d -> d.document().id()).toList(), "same title and text, same id");
        assertNotEquals(id, first.get(2).document().id(), "other text, other item");
        assertEquals(FeedDocuments.contentKey(FEED, item(null, null, "T", "B", null)), id);
        assertEquals(FEED, again.getFirst().document().location());
    }

    @Test
    void skipsItemsWithoutLinkGuidOrText() {
        assertEquals(List.of(), map(item(null, null, null, "", null)));
    }

    @Test
    void clampsFarFutureDatesToTheFetchTimeAndFallsBackToIt() {
        Instant soon = FETCHED.plus(Duration.ofHours(3));
        List<FeedDocuments.FeedDocument> docs = map(
                item("a", null, "far", "", FETCHED.plus(Duration.ofDays(400))),
                item("b", null, "none", "", null),
                item("c", null, "soon", "", soon));
        assertEquals(List.of(FETCHED, FETCHED, soon), docs.stream().map(d -> d.document().published()).toList());
    }

    @Test
    void ordersDocumentsOldestFirst() {
        List<FeedDocuments.FeedDocument> docs = map(
                item("new", null, "new", "", Instant.parse("2024-10-08T10:00:00Z")),
                item("old", null, "old", "", Instant.parse("2024-10-07T10:00:00Z")));
        assertEquals(List.of("old", "new"), docs.stream().map(d -> d.document().title()).toList());
    }

    @Test
    void derivesAMissingTitleFromTheBodyAsForFiles() {
        String body = "A first line that goes on and on about the news of the day, well past the length of any reasonable headline for a feed item\nsecond line";
        Document d = map(item("t", null, null, body, null)).getFirst().document();
        assertEquals("A first line that goes on and on about the news of the day, well past the length of any reasonable headline for a feed item", d.title());
    }
}
