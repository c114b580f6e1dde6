package io.newswatch.ingest.feeds;

import java.time.Instant;
import java.util.List;

/**
 * One item as the feed states it, before it becomes a document.
 *
 * @param guid       RSS guid, Atom id or RDF about; {@code null} if absent
 * @param link       the item's link as written (maybe relative); {@code null} if absent
 * @param title      plain-text title, or {@code null}
 * @param body       plain-text body (description or content, HTML already reduced to text)
 * @param published  publication date, or {@code null}
 * @param updated    update date, or {@code null}
 */
public record FeedItem(String guid, String link, String title, String body, Instant published, Instant updated,
                       List<String> authors, List<String> categories) {
    public FeedItem {
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
    }
}
