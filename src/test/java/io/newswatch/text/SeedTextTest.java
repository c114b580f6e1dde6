package io.newswatch.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The five seed articles in {@code seeds/}: real scraped texts with real debris. */
class SeedTextTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static String raw(String prefix) throws IOException {
        try (var files = Files.list(Path.of("seeds"))) {
            Path seed = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            return Files.readString(seed, StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"000", "001", "002", "003", "004"})
    void leavesNoDebrisInAnySeed(String seed) throws IOException {
        CleanText clean = TextCleaner.clean(raw(seed));
        String all = clean.title() + "\n" + clean.body();
        for (String debris : List.of("spot_img", "Get in Touch", "Latest Posts", "MENAFN08102024", "By:RFA", "Edited by", "date 2024")) {
            assertFalse(all.contains(debris), seed + " still contains " + debris);
        }
        assertFalse(clean.body().contains("\n\n\n"), "paragraphs are separated by exactly one blank line");
        assertFalse(clean.body().contains("  "), "whitespace is collapsed");
        for (String paragraph : clean.body().split("\n\n")) {
            assertEquals(paragraph.strip(), paragraph);
            assertFalse(paragraph.contains("\n"), "a paragraph is one line");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"000", "001", "002", "003", "004"})
    void keepsEveryRealParagraph(String seed) throws IOException {
        String raw = raw(seed);
        CleanText clean = TextCleaner.clean(raw);
        String text = clean.title() + "\n" + clean.body();
        for (String line : raw.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 8) {
                continue;
            }
            String ending = String.join(" ", Arrays.copyOfRange(words, words.length - 6, words.length));
            assertTrue(text.contains(ending), seed + " lost the paragraph ending \"" + ending + "\"");
        }
    }

    @Test
    void keepsTheLastSentenceOfEachSeed() throws IOException {
        assertTrue(TextCleaner.clean(raw("000")).body().endsWith(
                "strategic efforts in the face of Western opposition."));
        assertTrue(TextCleaner.clean(raw("001")).body().endsWith(
                "The treaty includes a mutual defense clause, signaling deeper military and strategic ties between the two nations."));
        assertTrue(TextCleaner.clean(raw("002")).body().endsWith(
                "in terms of celebrations or exchanges to mark the occasion."));
        assertTrue(TextCleaner.clean(raw("003")).body().endsWith(
                "could serve Ukraine's strategy to internationalize the war and garner more support from Western allies."));
        assertTrue(TextCleaner.clean(raw("004")).body().contains(
                "as Russia turns to unconventional allies to support its campaign in Ukraine."));
    }

    @Test
    void rejoinsArmsTradeInSeed001AndKeepsItsOrdinaryWrapAsTwoWords() throws IOException {
        String body = TextCleaner.clean(raw("001")).body();
        assertTrue(body.contains("beyond mere arms trade to include troop deployment."), body);
        assertTrue(body.contains("has notably strengthened recently"), body);
    }

    @Test
    void findsTheHeadlineOfSeed001AndRemovesItFromTheBody() throws IOException {
        CleanText clean = TextCleaner.clean(raw("001"));
        assertEquals("South Korea Monitors North Korea’s Potential Troop Support in Ukraine War", clean.title());
        assertTrue(clean.body().startsWith("SEOUL: South Korea’s Ministry of Defense"), clean.body());
    }

    @Test
    void derivesHeadlinesFromTheFirstSentenceWhereTheSeedsHaveNone() throws IOException {
        assertEquals("South Korea’s Defense Minister, Kim Yong-hyun, expressed concerns that North Korea may be preparing…",
                TextCleaner.clean(raw("000")).title());
        assertEquals("North Korea is likely to send members of its regular armed forces to Ukraine in support of Russia…",
                TextCleaner.clean(raw("002")).title());
        assertEquals("North Korea's military cooperation with Russia highlights a significant geopolitical alliance amid…",
                TextCleaner.clean(raw("003")).title());
        assertEquals("In a recent meeting with Russian Foreign Minister Sergei Lavrov, North Korea’s Foreign Minister…",
                TextCleaner.clean(raw("004")).title());
    }

    @Test
    void keepsTheParagraphStructureOfEachSeed() throws IOException {
        assertEquals(4, TextCleaner.clean(raw("000")).body().split("\n\n").length);
        assertEquals(6, TextCleaner.clean(raw("001")).body().split("\n\n").length);
        assertEquals(16, TextCleaner.clean(raw("002")).body().split("\n\n").length);
        assertEquals(13, TextCleaner.clean(raw("003")).body().split("\n\n").length);
        assertEquals(9, TextCleaner.clean(raw("004")).body().split("\n\n").length);
    }

    @Test
    void findsTheDateOnlyWhereASeedStatesOne() throws IOException {
        assertEquals(Optional.of(Instant.parse("2024-10-08T00:00:00Z")), PublishedDateFinder.find(raw("000"), NOW));
        for (String seed : List.of("001", "002", "003", "004")) {
            assertEquals(Optional.empty(), PublishedDateFinder.find(raw(seed), NOW), seed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"000", "001", "002", "003", "004"})
    void recognisesEverySeedAsEnglish(String seed) throws IOException {
        CleanText clean = TextCleaner.clean(raw(seed));
        assertEquals("en", LanguageGuesser.guess(clean.body()));
    }
}
