package io.newswatch.ingest.feeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.text.HtmlText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One article must become the same document body whether it arrives as a feed item or as a file. */
class FeedAndFileCleanupTest {
    private static final Instant NOW = Instant.parse("2024-10-20T12:00:00Z");
    private static final String TITLE = "North Korea sends troops to Russia";
    private static final String[] PARAGRAPHS = {
        "SEOUL — North Korea has sent about 1,500 special forces troops to Russia, South Korea's spy agency said on Friday.",
        "Share this",
        "The troops were moved on Russian navy ships from Chongjin to Vladivostok, the agency said, and more are\nexpected to follow in the coming weeks.",
        "Advertisement",
        "Russia and North Korea signed a mutual defence treaty in June.",
    };

    @Test
    void aFeedItemAndTheSameTextAsAFileGiveTheSameCleanedBody(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("article.txt");
        Files.writeString(file, TITLE + "\n\n" + String.join("\n\n", PARAGRAPHS) + "\n");
        Document fromFile = new DocumentFileReader().read(file, NOW);

        StringBuilder html = new StringBuilder();
        for (String paragraph : PARAGRAPHS) {
            html.append("<p>").append(paragraph.replace("'", "&#39;")).append("</p>");
        }
        FeedItem item = new FeedItem("guid-1", "https://example.org/a", TITLE, HtmlText.fragment(html.toString()),
                NOW, null, List.of(), List.of());

        assertEquals(fromFile.body(), FeedDocuments.clean(item).body());
        assertEquals(TITLE, fromFile.title());
    }

    @Test
    void feedDebrisLinesAreDroppedAsInFiles() {
        FeedItem item = new FeedItem("g", "https://example.org/b", TITLE,
                HtmlText.fragment("<p>Troops crossed the border at dawn, officials said.</p><p>Share this</p>"
                        + "<p>More troops are expected next week.</p>"),
                NOW, null, List.of(), List.of());
        assertEquals("Troops crossed the border at dawn, officials said.\n\nMore troops are expected next week.",
                FeedDocuments.clean(item).body());
    }
}
