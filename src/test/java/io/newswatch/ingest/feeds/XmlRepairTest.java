package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
    void staysFastOnPathologicalInput() {
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
        String spaces = " ".repeat(2_000_000) + "<html/>";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals("got an HTML page, not a feed (and the page announces no feed; list the feed's own URL)",
                assertThrows(FeedParseException.class, () -> new FeedParser().parse(spaces.getBytes(StandardCharsets.UTF_8), null)).getMessage()));
    }
}
