package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jdom2.Document;
import org.jdom2.input.SAXBuilder;
import org.junit.jupiter.api.Test;

import com.rometools.rome.io.SyndFeedInput;

/** The feed dialects and breakage real publishers produce, read as Python's feedparser reads them. */
class FeedDialectsTest {
    private static final URI FEED_URL = URI.create("http://news.example.org/feeds/main.xml");
    private final FeedParser parser = new FeedParser();

    private ParsedFeed parse(String xml) throws FeedParseException {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml", FEED_URL);
    }

    private static List<String> links(ParsedFeed feed) {
        return feed.items().stream().map(FeedItem::link).toList();
    }

    private static List<String> titles(ParsedFeed feed) {
        return feed.items().stream().map(FeedItem::title).toList();
    }

    @Test
    void resolvesRelativeLinksAgainstXmlBaseAndTheDocumentUrl() throws Exception {
        ParsedFeed atom = parse("""
                <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://blog.example.com/">
                  <title>t</title>
                  <entry xml:base="2009/"><title>a</title><id>urn:a</id><link href="first-post"/></entry>
                  <entry><title>b</title><id>urn:b</id><link href="/about"/></entry>
                </feed>
                """);
        assertEquals(List.of("http://blog.example.com/2009/first-post", "http://blog.example.com/about"), links(atom));
        ParsedFeed rss = parse(SampleFeeds.rss20("r", "<item><title>c</title><link>../story/3</link></item>"));
        assertEquals(List.of("http://news.example.org/story/3"), links(rss));
    }

    @Test
    void readsRss090AndRssWithoutChannelAsRss() throws Exception {
        ParsedFeed old = parse("""
                <rss version="0.9"><channel><title>Old</title><link>http://o.example/</link><description>d</description>
                <item><title>one</title><link>http://o.example/1</link></item></channel></rss>
                """);
        assertEquals(List.of("http://o.example/1"), links(old));
        assertTrue(old.notes().contains("read <rss version=\"0.9\"> as RSS 2.0"), old.notes().toString());
        ParsedFeed bare = parse("<rss version=\"2.0\"><title>Bare</title><item><title>two</title><link>http://b.example/2</link></item></rss>");
        assertEquals(List.of("http://b.example/2"), links(bare));
    }

    @Test
    void takesAnRssItemsLinkFromAtomLinkWhenItHasNoLinkElement() throws Exception {
        ParsedFeed feed = parse(SampleFeeds.rss20("a", """
                <item xmlns:atom="http://www.w3.org/2005/Atom"><title>x</title><atom:link rel="alternate" href="http://a.example/x"/></item>
                <item><title>y</title><link href="http://a.example/y"/></item>
                """));
        assertEquals(List.of("http://a.example/x", "http://a.example/y"), links(feed));
    }

    @Test
    void readsAtomWithoutTheAtomNamespaceAndChannelDefinitionFormat() throws Exception {
        ParsedFeed atom = parse("<feed><title>No ns</title><entry><title>e</title><id>urn:e</id><link href=\"http://n.example/e\"/>"
                + "<summary>s</summary></entry></feed>");
        assertEquals(List.of("e"), titles(atom));
        assertEquals(List.of("http://n.example/e"), links(atom));
        ParsedFeed cdf = parse("""
                <CHANNEL HREF="http://c.example/"><TITLE>CDF</TITLE><ABSTRACT>channel</ABSTRACT>
                  <ITEM HREF="http://c.example/1"><TITLE>first</TITLE><ABSTRACT>one</ABSTRACT></ITEM>
                  <CHANNEL><ITEM HREF="http://c.example/2"><TITLE>nested</TITLE></ITEM></CHANNEL>
                </CHANNEL>
                """);
        assertEquals("CDF", cdf.title());
        assertEquals(List.of("first", "nested"), titles(cdf));
        assertEquals(List.of("http://c.example/1", "http://c.example/2"), links(cdf));
    }

    @Test
    void declaresWellKnownNamespacePrefixesUsedWithoutDeclaration() throws Exception {
        ParsedFeed feed = parse(SampleFeeds.rss20("p", "").replaceFirst("<rss[^>]*>", "<rss version=\"2.0\">")
                .replace("</channel>", "<item><title>x</title><link>http://p.example/x</link><dc:creator>Ann</dc:creator>"
                        + "<content:encoded><![CDATA[<p>Full text</p>]]></content:encoded><wfw:commentRss>http://p.example/c</wfw:commentRss>"
                        + "<foo:bar>unknown prefix</foo:bar></item></channel>"));
        FeedItem item = feed.items().getFirst();
        assertEquals("Full text", item.body());
        assertTrue(item.authors().contains("Ann"), item.authors().toString());
        assertTrue(String.join(";", feed.notes()).contains("declared the namespace prefixes content, dc, foo, wfw"), feed.notes().toString());
    }

    @Test
    void recoversUnclosedHtmlControlCharactersAndTruncatedFilesItemByItem() throws Exception {
        ParsedFeed unclosed = parse(SampleFeeds.rss20("u", """
                <item><title>a</title><link>http://u.example/a</link><description><p>para one<p>two</description></item>
                <item><title>b</title><link>http://u.example/b</link><description><![CDATA[bell\u0007 inside]]></description></item>
                """));
        assertEquals(List.of("a", "b"), titles(unclosed));
        assertEquals("bell inside", unclosed.items().get(1).body());
        ParsedFeed truncated = parse(SampleFeeds.rss20("t", """
                <item><title>complete</title><link>http://t.example/1</link></item>
                <item><title>also complete</title><link>http://t.example/2</link></item>
                <item><title>cut off in the mi""").replaceFirst("</channel>\\s*</rss>\\s*$", ""));
        assertEquals(List.of("http://t.example/1", "http://t.example/2"), links(truncated).subList(0, 2));
        assertTrue(String.join(";", truncated.notes()).contains("closed elements left open or cut off"), truncated.notes().toString());
    }

    @Test
    void oneEntryTheMapperCannotReadCostsThatEntryOnly() throws Exception {
        Document tree = new SAXBuilder().build(new StringReader(SampleFeeds.rss20("f",
                SampleFeeds.rssItem("1", "http://f.example/1", "good", "d"),
                SampleFeeds.rssItem("2", "http://f.example/2", "poison", "d"),
                SampleFeeds.rssItem("3", "http://f.example/3", "good too", "d"))));
        List<String> notes = new ArrayList<>();
        var feed = FeedParser.build(tree, notes, document -> {
            boolean poisoned = document.getRootElement().getChild("channel").getChildren("item").stream()
                    .anyMatch(i -> "poison".equals(i.getChildText("title")));
            if (poisoned) {
                throw new FeedParseException("the feed parser could not map it (ArrayIndexOutOfBoundsException)");
            }
            try {
                return new SyndFeedInput().build(document);
            } catch (Exception e) {
                throw new FeedParseException(e.toString());
            }
        });
        assertEquals(List.of("good", "good too"), feed.getEntries().stream().map(e -> e.getTitle()).toList());
        assertEquals(List.of("skipped 1 of 3 entries the feed parser could not read: entry 2 (the feed parser could not map it"
                + " (ArrayIndexOutOfBoundsException))"), notes);
    }

    @Test
    void romeFailuresNeverReachTheMessageRaw() {
        String noChannel = assertThrows(FeedParseException.class, () -> parse("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>"))
                .getMessage();
        assertTrue(noChannel.startsWith("not an RSS, Atom or JSON feed (root element <rdf:RDF>"), noChannel);
        assertTrue(!noChannel.contains("Cannot invoke") && !noChannel.contains("jdom2"), noChannel);
    }

    @Test
    void readsUtf16LittleEndianWithoutBomAndUtf32() throws Exception {
        String xml = SampleFeeds.rss20("Ünïcødé", SampleFeeds.rssItem("1", "http://e.example/1", "Grüße", "d"));
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, Charset.forName("UTF-32LE"),
                Charset.forName("UTF-32BE"))) {
            ParsedFeed feed = parser.parse(xml.getBytes(charset), "application/xml");
            assertEquals("Ünïcødé", feed.title(), charset.name());
            assertEquals(List.of("Grüße"), titles(feed), charset.name());
        }
        byte[] bom = {0, 0, (byte) 0xFE, (byte) 0xFF};
        byte[] body = xml.getBytes(Charset.forName("UTF-32BE"));
        byte[] withBom = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(body, 0, withBom, bom.length, body.length);
        assertEquals("Ünïcødé", parser.parse(withBom, null).title());
    }

    @Test
    void readsJsonFeed11And10() throws Exception {
        ParsedFeed feed = parser.parse("""
                {"version": "https://jsonfeed.org/version/1.1", "title": "JSON news", "language": "de-DE",
                 "items": [
                   {"id": "1", "url": "https://j.example/1", "title": "First", "content_html": "<p>Hello <b>world</b></p>",
                    "date_published": "2024-10-08T10:00:00+02:00", "authors": [{"name": "Ann"}], "tags": ["a", "b"]},
                   {"id": "2", "content_text": "Only text, no url, no title"},
                   "not an object"
                 ]}
                """.getBytes(StandardCharsets.UTF_8), "application/feed+json", FEED_URL);
        assertEquals("JSON news", feed.title());
        assertEquals("de-DE", feed.language());
        assertEquals(2, feed.items().size());
        FeedItem first = feed.items().getFirst();
        assertEquals("https://j.example/1", first.link());
        assertEquals("Hello world", first.body());
        assertEquals(Instant.parse("2024-10-08T08:00:00Z"), first.published());
        assertEquals(List.of("Ann"), first.authors());
        assertEquals(List.of("a", "b"), first.categories());
        assertEquals("2", feed.items().get(1).guid());
        assertTrue(feed.notes().contains("skipped 1 JSON Feed items that are not objects"), feed.notes().toString());
        ParsedFeed v1 = parser.parse("""
                {"version": "https://jsonfeed.org/version/1", "items": [{"id": "x", "external_url": "https://j.example/x",
                 "summary": "s", "author": {"name": "Bo"}}]}""".getBytes(StandardCharsets.UTF_8), null);
        assertEquals("https://j.example/x", v1.items().getFirst().link());
        assertEquals(List.of("Bo"), v1.items().getFirst().authors());
    }

    @Test
    void anHtmlPageIsNamedAsSuchWithTheFeedsItAnnounces() {
        HtmlPageException page = assertThrows(HtmlPageException.class, () -> parser.parse("""
                <!DOCTYPE html><html><head><title>News</title>
                <link rel="stylesheet" href="/s.css">
                <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
                <link rel="alternate" type="application/atom+xml" href="https://cdn.example.org/atom.xml">
                <link rel="alternate" type="application/feed+json" href="feed.json">
                </head><body>hi</body></html>""".getBytes(StandardCharsets.UTF_8), "text/html", URI.create("https://www.example.org/news/")));
        assertEquals(List.of(URI.create("https://www.example.org/rss.xml"), URI.create("https://cdn.example.org/atom.xml"),
                URI.create("https://www.example.org/news/feed.json")), page.alternates());
        assertEquals("got an HTML page, not a feed; the page announces https://www.example.org/rss.xml and 2 more", page.getMessage());
    }
}
