package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CanonicalUrlTest {
    private static final URI BASE = URI.create("https://feeds.example.org/section/rss.xml");

    private static String canonical(String link) {
        return CanonicalUrl.of(link, BASE).orElse(null);
    }

    @Test
    void lowerCasesSchemeAndHostButNotThePath() {
        assertEquals("https://news.example.org/Path/Story", canonical("HTTPS://News.EXAMPLE.org/Path/Story"));
    }

    @Test
    void dropsFragmentDefaultPortAndTrackingParameters() {
        assertEquals("http://example.org/a?id=1&b=2", canonical("http://example.org:80/a?utm_source=rss&id=1&UTM_Medium=x&b=2#c"));
        assertEquals("https://example.org/", canonical("https://example.org:443?utm_campaign=z"));
        assertEquals("https://example.org:8443/a", canonical("https://example.org:8443/a"));
    }

    @Test
    void resolvesRelativeLinksAgainstTheFeed() {
        assertEquals("https://feeds.example.org/section/story.html", canonical("story.html"));
        assertEquals("https://feeds.example.org/top", canonical("/top"));
    }

    @Test
    void rejectsWhatIsNotAnHttpUrl() {
        assertEquals(Optional.empty(), CanonicalUrl.of("mailto:a@example.org", BASE));
        assertEquals(Optional.empty(), CanonicalUrl.of("http://", BASE));
        assertEquals(Optional.empty(), CanonicalUrl.of("  ", BASE));
        assertEquals(Optional.empty(), CanonicalUrl.of("http://exa mple.org:x/", BASE));
    }

    @Test
    void toleratesSpacesInPaths() {
        assertEquals("https://example.org/a%20b", canonical("https://example.org/a b"));
    }
}
