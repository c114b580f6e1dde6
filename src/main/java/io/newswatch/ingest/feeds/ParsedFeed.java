package io.newswatch.ingest.feeds;

import java.util.List;

/**
 * A feed document reduced to what newswatch uses.
 *
 * @param title    the feed's own title, or {@code null}
 * @param language the feed's declared language as written (e.g. {@code en-us}), or {@code null}
 * @param items    items in document order
 * @param notes    what had to be worked around to read it (encoding fallback, repaired XML),
 *                 empty for a clean feed
 */
public record ParsedFeed(String title, String language, List<FeedItem> items, List<String> notes) {
    public ParsedFeed {
        items = List.copyOf(items);
        notes = List.copyOf(notes);
    }
}
