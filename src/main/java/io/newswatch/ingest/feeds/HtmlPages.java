package io.newswatch.ingest.feeds;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Recognises web pages served where a feed was expected, and reads the feeds they announce
 * (feed autodiscovery, as browsers and feed readers do it).
 */
final class HtmlPages {
    private static final Set<String> FEED_TYPES = Set.of("application/rss+xml", "application/atom+xml",
            "application/feed+json", "application/json", "application/rdf+xml", "text/xml", "application/xml");

    private HtmlPages() {}

    static boolean looksLikeHtml(String text) {
        int start = XmlText.rootStart(text);
        if (start >= 0) {
            String root = XmlText.rootName(text);
            return root != null && root.equalsIgnoreCase("html");
        }
        String head = text.stripLeading();
        head = head.substring(0, Math.min(head.length(), 512)).toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<html")
                && (head.startsWith("<!--") || head.startsWith("<?xml"));
    }

    static HtmlPageException notAFeed(String text, URI documentUrl) {
        List<URI> alternates = alternates(text, documentUrl);
        String message = "got an HTML page, not a feed" + (alternates.isEmpty()
                ? " (and the page announces no feed; list the feed's own URL)"
                : "; the page announces " + alternates.getFirst() + (alternates.size() > 1 ? " and " + (alternates.size() - 1) + " more" : ""));
        return new HtmlPageException(message, alternates);
    }

    /** {@code <link rel="alternate" type="...rss+xml|atom+xml|feed+json" href>} targets, absolute. */
    static List<URI> alternates(String html, URI documentUrl) {
        List<URI> found = new ArrayList<>();
        org.jsoup.nodes.Document page = Jsoup.parse(html, documentUrl == null ? "" : documentUrl.toString());
        for (Element link : page.select("link[href]")) {
            String rel = " " + link.attr("rel").toLowerCase(Locale.ROOT) + " ";
            String type = link.attr("type").toLowerCase(Locale.ROOT).strip();
            int semicolon = type.indexOf(';');
            if (semicolon >= 0) {
                type = type.substring(0, semicolon).strip();
            }
            if (!rel.contains(" alternate ") || !FEED_TYPES.contains(type)) {
                continue;
            }
            String href = link.absUrl("href");
            if (href.isEmpty()) {
                href = link.attr("href").strip();
            }
            try {
                URI uri = new URI(href.replace(" ", "%20"));
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !found.contains(uri)) {
                    found.add(uri);
                }
            } catch (URISyntaxException e) {
                // not a usable link; look at the next one
            }
        }
        return found;
    }
}
