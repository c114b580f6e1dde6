package io.newswatch.ingest.feeds;

/** Small well-formed feeds in each format, built from item parameters. */
final class SampleFeeds {
    private SampleFeeds() {}

    static String rss20(String title, String... itemXml) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
                <channel><title>%s</title><link>https://example.org/</link><description>test</description><language>en-us</language>
                %s
                </channel></rss>
                """.formatted(title, String.join("\n", itemXml));
    }

    static String rssItem(String guid, String link, String title, String description) {
        return """
                <item><guid isPermaLink="false">%s</guid><link>%s</link><title>%s</title>
                <description><![CDATA[%s]]></description><pubDate>Tue, 08 Oct 2024 10:00:00 GMT</pubDate></item>
                """.formatted(guid, link, title, description);
    }

    /** A feed with {@code count} distinct items, ids and links derived from {@code prefix}. */
    static String rssWithItems(String title, String prefix, int count) {
        String[] items = new String[count];
        for (int i = 0; i < count; i++) {
            items[i] = rssItem(prefix + "-" + i, "https://news.example.org/" + prefix + "/" + i, title + " item " + i,
                    "<p>Body of " + prefix + " item " + i + "</p>");
        }
        return rss20(title, items);
    }

    static String rdf(String title, String link, String itemTitle) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                         xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <channel rdf:about="https://rdf.example.org/">
                    <title>%1$s</title><link>https://rdf.example.org/</link><description>rdf test</description>
                    <items><rdf:Seq><rdf:li rdf:resource="%2$s"/></rdf:Seq></items>
                  </channel>
                  <item rdf:about="%2$s">
                    <title>%3$s</title><link>%2$s</link>
                    <description>RDF &amp; RSS 1.0 body</description>
                    <dc:date>2024-10-08T09:30:00Z</dc:date><dc:creator>Ada Lovelace</dc:creator><dc:subject>science</dc:subject>
                  </item>
                </rdf:RDF>
                """.formatted(title, link, itemTitle);
    }

    static String atom10(String title, String id, String link, String entryTitle) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
                  <title>%1$s</title><id>urn:feed:%1$s</id><updated>2024-10-08T12:00:00Z</updated>
                  <entry>
                    <title type="text">%4$s</title><id>%2$s</id><link rel="alternate" href="%3$s"/>
                    <updated>2024-10-08T12:00:00Z</updated><published>2024-10-08T11:00:00Z</published>
                    <author><name>Grace Hopper</name></author><category term="politik"/>
                    <content type="html">&lt;p&gt;Erster Absatz.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Zweiter &amp;amp; letzter.&lt;/p&gt;</content>
                  </entry>
                </feed>
                """.formatted(title, id, link, entryTitle);
    }
}
