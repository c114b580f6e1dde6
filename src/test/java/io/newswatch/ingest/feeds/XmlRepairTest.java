package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class XmlRepairTest {

    @Test
    void removesTheDoctypeWithItsInternalSubset() {
        XmlRepair.Result result = XmlRepair.repair("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"x>y\"> <!ENTITY b SYSTEM \"file:///etc/passwd\">]>\n<rss>&a;&b;</rss>");
        assertEquals("<?xml version=\"1.0\"?>\n\n<rss>&amp;a;&amp;b;</rss>", result.text());
        assertEquals(List.of("removed the DOCTYPE (entities declared there are left unexpanded)",
                "escaped bare ampersands and unknown entities"), result.changes());
    }

    @Test
    void leavesCdataCommentsAndProcessingInstructionsAlone() {
        String xml = "<a><![CDATA[a & b]]><!-- c & d --><?pi e & f?>g & h&nbsp;&amp;&#233;&#1;</a>";
        assertEquals("<a><![CDATA[a & b]]><!-- c & d --><?pi e & f?>g &amp; h&#160;&amp;&#233;</a>", XmlRepair.repair(xml).text());
    }

    @Test
    void staysFastOnPathologicalInput() throws Exception {
        // load and warm every parsing step first, so the limits below measure the work, not class loading
        new FeedParser().parse("<rss version=\"2.0\"><channel><item><title>x &nbsp;<dc:y>z</channel>".getBytes(StandardCharsets.UTF_8), null);
        for (String opener : List.of("<![CDATA[", "<!--", "<?", "<!DOCTYPE [", "<!DOCTYPE x")) {
            String body = "<rss>" + opener.repeat(200_000);
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> XmlRepair.repair(body), opener);
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                try {
                    assertEquals(List.of(), new FeedParser().parse(body.getBytes(StandardCharsets.UTF_8), null).items(), opener);
                } catch (FeedParseException rejected) {
                    assertFalse(rejected.getMessage().isBlank());
                }
            }, opener);
        }
        StringBuilder prefixes = new StringBuilder("<rss version=\"2.0\"><channel>");
        for (int i = 0; i < 50_000; i++) {
            prefixes.append("<p").append(i).append(":x>y</p").append(i).append(":x>");
        }
        String manyPrefixes = prefixes.append("<dc:creator>a</dc:creator></channel></rss>").toString();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            XmlRepair.Result result = XmlRepair.repair(manyPrefixes);
            assertTrue(result.text().startsWith("<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:p0="), result.text().substring(0, 80));
            new FeedParser().parse(manyPrefixes.getBytes(StandardCharsets.UTF_8), null);
        }, "50,000 undeclared prefixes");
        String spaces = " ".repeat(2_000_000) + "<html/>";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals("got an HTML page, not a feed (and the page announces no feed; list the feed's own URL)",
                assertThrows(FeedParseException.class, () -> new FeedParser().parse(spaces.getBytes(StandardCharsets.UTF_8), null)).getMessage()));
    }
}
