package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class FeedParserTest {
    private final FeedParser parser = new FeedParser();

    private ParsedFeed parse(String xml) throws FeedParseException {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml; charset=utf-8");
    }

    @Test
    void readsRss091WithItsNetscapeDoctype() throws Exception {
        ParsedFeed feed = parse("""
                <?xml version="1.0" encoding="ISO-8859-1"?>
                <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
                <rss version="0.91"><channel><title>Old</title><link>http://old.example/</link><description>d</description><language>en</language>
                <item><title>Old item</title><link>http://old.example/1</link><description>Old &amp; gold</description></item>
                </channel></rss>
                """);
        assertEquals("Old", feed.title());
        assertEquals(1, feed.items().size());
        assertEquals("Old & gold", feed.items().getFirst().body());
        assertTrue(feed.notes().getFirst().startsWith("repaired malformed XML: removed the DOCTYPE"), feed.notes().toString());
    }

    @Test
    void readsRss092AndAtom03() throws Exception {
        ParsedFeed rss092 = parse("""
                <rss version="0.92"><channel><title>N</title><link>http://n.example/</link><description>d</description>
                <item><title>t</title><link>http://n.example/1</link><category>world</category></item></channel></rss>
                """);
        assertEquals(List.of("world"), rss092.items().getFirst().categories());
        ParsedFeed atom03 = parse("""
                <feed version="0.3" xmlns="http://purl.org/atom/ns#">
                  <title>Atom 0.3</title><link rel="alternate" type="text/html" href="http://a03.example/"/><modified>2024-10-08T10:00:00Z</modified>
                  <entry><title>Entry</title><link rel="alternate" type="text/html" href="http://a03.example/1"/><id>urn:a03:1</id>
                    <issued>2024-10-08T09:00:00Z</issued><modified>2024-10-08T10:00:00Z</modified>
                    <content type="text/html" mode="escaped">&lt;b&gt;bold&lt;/b&gt; text</content></entry>
                </feed>
                """);
        FeedItem entry = atom03.items().getFirst();
        assertEquals("urn:a03:1", entry.guid());
        assertEquals("http://a03.example/1", entry.link());
        assertEquals("bold text", entry.body());
        assertEquals(Instant.parse("2024-10-08T10:00:00Z"), entry.published(), "Rome maps Atom 0.3 <modified> to the published date");
    }

    @Test
    void usesTheByteOrderMarkOverTheDeclaration() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Ünïcødé</title>"
                + "<link>http://u.example/</link><description>d</description></channel></rss>";
        byte[] utf16 = xml.getBytes(StandardCharsets.UTF_16); // big-endian with BOM
        assertEquals("Ünïcødé", parser.parse(utf16, null).title());
        byte[] utf8Bom = ("\uFEFF" + xml).getBytes(StandardCharsets.UTF_8);
        assertEquals("Ünïcødé", parser.parse(utf8Bom, "text/xml").title());
    }

    @Test
    void repairsBareAmpersandsHtmlEntitiesAndStrayBytes() throws Exception {
        ParsedFeed feed = parse("junk before\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Tom & Jerry&nbsp;News</title>"
                + "<link>http://t.example/?a=1&b=2</link><description>d</description>"
                + "<item><title>Caf&eacute; \u0001\u0008opens</title><link>http://t.example/1</link>"
                + "<description><![CDATA[Fish & chips &amp; more]]></description></item></channel></rss>");
        assertEquals("Tom & Jerry News", feed.title());
        assertEquals("Café opens", feed.items().getFirst().title());
        assertEquals("Fish & chips & more", feed.items().getFirst().body(), "CDATA is left as written");
        assertTrue(String.join(";", feed.notes()).contains("escaped bare ampersands"), feed.notes().toString());
    }

    @Test
    void explainsWhyADocumentIsRejected() {
        assertEquals("empty response body (expected an RSS, Atom or JSON feed)",
                assertThrows(FeedParseException.class, () -> parser.parse(new byte[0], null)).getMessage());
        assertEquals("not an RSS, Atom or JSON feed (root element <svg> in namespace http://www.w3.org/2000/svg)",
                assertThrows(FeedParseException.class, () -> parse("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>")).getMessage());
        String json = assertThrows(FeedParseException.class, () -> parse("{\"items\": []}")).getMessage();
        assertEquals("a JSON document but not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")", json);
        String badJson = assertThrows(FeedParseException.class, () -> parse("{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"items\": [")).getMessage();
        assertTrue(badJson.startsWith("not valid JSON at line 2, column "), badJson);
        String html = assertThrows(HtmlPageException.class, () -> parse("<!DOCTYPE html><html><body><p>Hi</p></body></html>")).getMessage();
        assertEquals("got an HTML page, not a feed (and the page announces no feed; list the feed's own URL)", html);
    }

    @Test
    void neverReadsExternalEntities() throws Exception {
        ParsedFeed feed = parse("""
                <?xml version="1.0"?>
                <!DOCTYPE rss SYSTEM "http://127.0.0.1:9/never.dtd" [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/x"> %remote; ]>
                <rss version="2.0"><channel><title>t</title><link>http://x.example/</link><description>d</description></channel></rss>
                """);
        assertEquals("t", feed.title());
    }

    @Test
    void keepsWhatAnItemStates() throws Exception {
        ParsedFeed feed = parse(SampleFeeds.rss20("Feed", """
                <item><guid>g-1</guid><title>Title</title><author>ed@example.org (Ed)</author><dc:creator>Jane Doe</dc:creator>
                <category>a</category><category> b </category><content:encoded><![CDATA[<p>Long content wins</p>]]></content:encoded>
                <description>short</description></item>
                """));
        FeedItem item = feed.items().getFirst();
        assertEquals("g-1", item.guid());
        assertEquals("Long content wins", item.body());
        assertEquals(List.of("a", "b"), item.categories());
        assertTrue(item.authors().contains("Jane Doe"), item.authors().toString());
        assertEquals("en-us", feed.language());
    }
}
