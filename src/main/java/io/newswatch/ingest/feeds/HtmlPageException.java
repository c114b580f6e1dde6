package io.newswatch.ingest.feeds;

import java.net.URI;
import java.util.List;

/**
 * The body is a web page, not a feed. {@link #alternates()} are the feeds the page announces with
 * {@code <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">}, absolute, in page
 * order; the poller follows the first one when the listed URL is such a page.
 */
public final class HtmlPageException extends FeedParseException {
    private final List<URI> alternates;

    HtmlPageException(String message, List<URI> alternates) {
        super(message);
        this.alternates = List.copyOf(alternates);
    }

    public List<URI> alternates() {
        return alternates;
    }
}
