package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.newswatch.config.InvalidFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class FeedListParserTest {
    private final FeedListParser parser = new FeedListParser();

    private String error(String text, String fileName) {
        return assertThrows(InvalidFileException.class, () -> parser.parse(text, fileName)).getMessage();
    }

    @Test
    void readsEveryFieldOfAYamlEntry() throws Exception {
        List<FeedSpec> feeds = parser.parse("""
                # comment
                feeds:
                  - url: https://example.org/rss.xml
                    name: Example News
                    interval: 15m
                    language: de-AT
                  - url: https://example.com/atom
                  - https://example.net/feed
                """, "feeds.yml");

        assertEquals(List.of(
                new FeedSpec("https://example.org/rss.xml", "Example News", Duration.ofMinutes(15), "de"),
                new FeedSpec("https://example.com/atom", null, null, null),
                new FeedSpec("https://example.net/feed", null, null, null)), feeds);
    }

    @Test
    void acceptsEmptyListsAndFiles() throws Exception {
        assertEquals(List.of(), parser.parse("", "feeds.yml"));
        assertEquals(List.of(), parser.parse("# only comments\n", "feeds.yml"));
        assertEquals(List.of(), parser.parse("feeds: []\n", "feeds.yml"));
        assertEquals(List.of(), parser.parse("feeds:\n", "feeds.yml"));
    }

    @Test
    void readsIntervalsInEveryWrittenForm() {
        assertEquals(Duration.ofSeconds(90), FeedListParser.parseDuration("90s"));
        assertEquals(Duration.ofHours(2), FeedListParser.parseDuration("2h"));
        assertEquals(Duration.ofDays(1), FeedListParser.parseDuration("1d"));
        assertEquals(Duration.ofMillis(500), FeedListParser.parseDuration("500ms"));
        assertEquals(Duration.ofMinutes(10), FeedListParser.parseDuration("PT10M"));
    }

    @Test
    void namesTheLineOfAnUnknownKey() {
        assertEquals("feeds.yml:4:5: unknown key 'intervall' (a feed has url, and optionally name, interval, language)",
                error("feeds:\n  - url: https://example.org/rss\n    name: x\n    intervall: 5m\n", "feeds.yml"));
    }

    @Test
    void namesTheLineOfAnInvalidUrl() {
        assertEquals("feeds.yml:3:10: url 'ftp://example.org/rss' must be an absolute http:// or https:// URL",
                error("feeds:\n  - url: https://ok.example/rss\n  - url: ftp://example.org/rss\n", "feeds.yml"));
        assertEquals("feeds.yml:2:5: feed entry has no 'url'", error("feeds:\n  - name: nameless\n", "feeds.yml"));
    }

    @Test
    void namesTheLineOfABadIntervalOrLanguage() {
        assertEquals("feeds.yml:3:15: interval 'soon' is not a duration (write e.g. 90s, 10m, 1h or PT10M)",
                error("feeds:\n  - url: https://example.org/rss\n    interval: soon\n", "feeds.yml"));
        assertEquals("feeds.yml:3:15: interval '0s' must be positive",
                error("feeds:\n  - url: https://example.org/rss\n    interval: 0s\n", "feeds.yml"));
        assertEquals("feeds.yml:3:15: language 'english!' is not a language code (write e.g. en, de, fr)",
                error("feeds:\n  - url: https://example.org/rss\n    language: english!\n", "feeds.yml"));
    }

    @Test
    void namesTheLineOfAYamlSyntaxError() {
        String message = error("feeds:\n  - url: https://example.org/rss\n   name: [unclosed\n", "feeds.yml");
        assertEquals(true, message.startsWith("feeds.yml:3:"), message);
    }

    @Test
    void reportsEveryProblemOfTheFileAtOnceWithLineAndColumn() {
        assertEquals("""
                feeds.yml:3:15: interval 'soon' is not a duration (write e.g. 90s, 10m, 1h or PT10M)
                feeds.yml:4:10: url 'ftp://example.org/rss' must be an absolute http:// or https:// URL
                feeds.yml:5:5: unknown key 'intervall' (a feed has url, and optionally name, interval, language)
                feeds.yml:6:5: feed https://example.org/rss is already listed at line 2; list each feed once""",
                error("""
                        feeds:
                          - url: https://example.org/rss
                            interval: soon
                          - url: ftp://example.org/rss
                            intervall: 5m
                          - url: https://example.org/rss
                        """, "feeds.yml"));
    }

    @Test
    void explainsAValueStartingWithAnAtSignLikeEveryOperatorFile() {
        String message = error("feeds:\n  - url: https://example.org/rss\n    name: @home\n", "feeds.yml");
        assertEquals(true, message.startsWith("feeds.yml:3:11: a YAML value cannot start with @ unquoted"), message);
    }

    @Test
    void rejectsAFeedListedTwice() {
        assertEquals("feeds.yml:3:5: feed https://example.org/rss is already listed at line 2; list each feed once",
                error("feeds:\n  - url: https://example.org/rss\n  - url: https://example.org/rss\n", "feeds.yml"));
    }

    @Test
    void rejectsOtherTopLevelShapes() {
        assertEquals("feeds.yml:1:1: unknown top-level key 'feed' (the file holds one key, 'feeds', with a list of feeds)",
                error("feed:\n  - url: https://example.org/rss\n", "feeds.yml"));
        assertEquals("feeds.yml:1:8: 'feeds' must be a list of entries like '- url: https://example.org/rss'",
                error("feeds: https://example.org/rss\n", "feeds.yml"));
    }

    @Test
    void readsNestedOpmlOutlines() throws Exception {
        List<FeedSpec> feeds = parser.parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <opml version="2.0">
                  <head><title>My feeds</title></head>
                  <body>
                    <outline text="World">
                      <outline type="rss" text="Example &amp; Co" xmlUrl="https://example.org/rss.xml" htmlUrl="https://example.org/"/>
                      <outline type="rss" text="Untitled" title="Titled" xmlUrl="https://example.com/atom" language="fr" interval="1h"/>
                    </outline>
                    <outline text="Just a link" htmlUrl="https://example.net/"/>
                  </body>
                </opml>
                """, "feeds.opml");

        assertEquals(List.of(
                new FeedSpec("https://example.org/rss.xml", "Example & Co", null, null),
                new FeedSpec("https://example.com/atom", "Titled", Duration.ofHours(1), "fr")), feeds);
    }

    @Test
    void namesTheLineOfBrokenOpml() {
        String message = error("<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body>\n<outline xmlUrl=\"https://example.org/rss\">\n</body></opml>\n", "feeds.opml");
        assertEquals(true, message.startsWith("feeds.opml:4:"), message);
        assertEquals("feeds.opml:3:1: url 'mailto:x@example.org' must be an absolute http:// or https:// URL",
                error("<opml>\n<body>\n<outline xmlUrl=\"mailto:x@example.org\"/>\n</body></opml>", "feeds.opml"));
        assertEquals("feeds.opml:1:1: root element is <rss>, expected <opml> (or use the YAML format)",
                error("<rss version=\"2.0\"/>", "feeds.opml"));
    }

    @Test
    void opmlWithADoctypeCannotReachOutside() {
        String message = error("<?xml version=\"1.0\"?>\n<!DOCTYPE opml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<opml><body><outline text=\"&x;\" xmlUrl=\"https://example.org/rss\"/></body></opml>", "feeds.opml");
        assertEquals(true, message.startsWith("feeds.opml:3:"), message);
    }

    @Test
    void theShippedFeedsFileIsEmptyAndItsCommentedExamplesAreValid() throws Exception {
        Path shipped = Path.of("feeds.yml");
        assertEquals(List.of(), parser.parse(shipped));
        String text = Files.readString(shipped);
        String examples = text.substring(text.indexOf("# feeds:")).lines()
                .filter(line -> line.startsWith("# "))
                .map(line -> line.substring(2))
                .collect(Collectors.joining("\n"));
        List<FeedSpec> feeds = parser.parse(examples, "feeds.yml examples");
        assertEquals(6, feeds.size());
        assertEquals(new FeedSpec("https://www.lemonde.fr/international/rss_full.xml", "Le Monde International",
                Duration.ofMinutes(30), "fr"), feeds.getLast());
    }
}
