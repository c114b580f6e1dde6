package io.newswatch.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextCleanerTest {

    private static List<String> paragraphs(CleanText clean) {
        return List.of(clean.body().split("\n\n"));
    }

    @Test
    void collapsesWhitespaceAndKeepsParagraphsAsBlankLineSeparatedBlocks() {
        CleanText clean = TextCleaner.clean("Troops Move North\r\n\r\n  First   paragraph\twith\u00A0odd spaces.  \r\n\r\n\r\n\r\nSecond\u200B paragraph.\n");
        assertEquals("Troops Move North", clean.title());
        assertEquals("First paragraph with odd spaces.\n\nSecond paragraph.", clean.body());
    }

    @Test
    void singleLineBreakAfterASentenceStartsANewParagraph() {
        CleanText clean = TextCleaner.clean("The first paragraph ends here.\nThe second one starts upper-case.");
        assertEquals(List.of("The first paragraph ends here.", "The second one starts upper-case."), paragraphs(clean));
    }

    @Test
    void rejoinsAWordBrokenByAHardWrap() {
        CleanText clean = TextCleaner.clean("Officials fear the partnership expands beyond mere arms tr\nade to include troop deployment.");
        assertEquals("Officials fear the partnership expands beyond mere arms trade to include troop deployment.", clean.body());
    }

    @Test
    void joinsAnOrdinaryProseWrapWithASpace() {
        CleanText clean = TextCleaner.clean("The relationship between Moscow and Pyongyang has notably\nstrengthened recently.");
        assertEquals("The relationship between Moscow and Pyongyang has notably strengthened recently.", clean.body());
    }

    @Test
    void keepsTwoShortRealWordsApartEvenWhenTheirJoinIsAWord() {
        CleanText clean = TextCleaner.clean("He walked into the hall. Then he logged in\nto the system.");
        assertTrue(clean.body().contains("logged in to the system."), clean.body());
    }

    @Test
    void gluesAFragmentWhenTheTextUsesTheWholeWordElsewhere() {
        CleanText clean = TextCleaner.clean("International law applies, the court said. The inter\nnational community agreed.");
        assertTrue(clean.body().contains("The international community agreed."), clean.body());
    }

    @Test
    void joinsHyphenatedLineEndsKeepingTheHyphenUnlessTheWordIsKnown() {
        assertTrue(TextCleaner.clean("It was a well-\nknown case in the region.").body().contains("well-known case"));
        String body = TextCleaner.clean("The doctors recommended rest. The recom-\nmended dose was small.").body();
        assertTrue(body.contains("The recommended dose"), body);
    }

    @Test
    void undoesAHardWrapAtAFixedWidthEvenBeforeUpperCaseWords() {
        String wrapped = """
                North Korea has expressed support for Russia in its conflict in
                Ukraine, with the foreign minister stating that the nation stands
                firmly with Moscow. Lavrov noted that close contacts have been
                established between the armed forces of the two countries.

                The meeting also marked the unveiling of a plaque commemorating a
                historic visit. Analysts said the ties would deepen further next
                year, citing trade and military links between the two nations.
                """;
        CleanText clean = TextCleaner.clean(wrapped);
        assertEquals(2, paragraphs(clean).size(), clean.body());
        assertTrue(clean.body().contains("firmly with Moscow. Lavrov noted"), clean.body());
        assertTrue(clean.body().contains("conflict in Ukraine, with"), clean.body());
    }

    @Test
    void doesNotJoinListItems() {
        CleanText clean = TextCleaner.clean("Key points from the talks today\n\nThe ministers agreed on three things:\n- more trade\n- joint exercises\n- a new treaty");
        assertTrue(clean.body().contains("- more trade\n\n- joint exercises"), clean.body());
    }

    @Test
    void dropsTrackingIdsAnywhere() {
        CleanText clean = TextCleaner.clean("The minister spoke on Tuesday. Ref ABCD1234567890123456789XYZ was filed.\n\nMENAFN08102024000045015839ID1108757690");
        assertEquals("The minister spoke on Tuesday. Ref was filed.", clean.body());
    }

    @Test
    void dropsRepeatedIdentifiersAndTemplateTokenLines() {
        CleanText clean = TextCleaner.clean("spot_imgspot_img\n\ntd_module_wrap td_block_inner\n\nTroops Move North\n\nThe army moved north on Monday.");
        assertEquals("Troops Move North", clean.title());
        assertEquals("The army moved north on Monday.", clean.body());
    }

    @Test
    void keepsSnakeCaseWordsInsideProse() {
        CleanText clean = TextCleaner.clean("The leaked file named user_data held the records.");
        assertEquals("The leaked file named user_data held the records.", clean.body());
    }

    @Test
    void dropsLinesWithOnlyPunctuation() {
        CleanText clean = TextCleaner.clean("The first paragraph.\n\n***\n\n|\n\n—\n\nThe second paragraph.");
        assertEquals(List.of("The first paragraph.", "The second paragraph."), paragraphs(clean));
    }

    @Test
    void dropsNavigationAndBreadcrumbLines() {
        CleanText clean = TextCleaner.clean("Home | World | Asia | Opinion\nNews » Politics » Korea\n\nSeoul Watches the North Closely\n\nThe ministry said on Wednesday it is watching.");
        assertEquals("Seoul Watches the North Closely", clean.title());
        assertEquals("The ministry said on Wednesday it is watching.", clean.body());
    }

    @Test
    void dropsBylinesButNotSentencesStartingWithBy() {
        CleanText clean = TextCleaner.clean("By Jane Doe and John van Dijk\n\nThe talks ended on Monday.\n\nBy then, the troops had left.\n\nEdited by Mike Firn.\n\nReporting by Ju-min Park; Editing by Ed Davies\n\nBy:RFA");
        assertEquals(List.of("The talks ended on Monday.", "By then, the troops had left."), paragraphs(clean));
    }

    @Test
    void dropsCopyrightLines() {
        CleanText clean = TextCleaner.clean("The talks ended on Monday.\n\n© 2024 Example Media. All rights reserved.");
        assertEquals("The talks ended on Monday.", clean.body());
    }

    @Test
    void dropsPageChromeAroundTheArticleAndRelatedHeadlinesAfterAFooterLabel() {
        String page = """
                Menu
                Share this
                Kim and Putin Sign a Defence Pact

                The two leaders signed the pact in Pyongyang on Wednesday.

                The treaty includes a mutual defence clause.

                Get in Touch
                Latest Posts
                Why the pact worries Seoul and Tokyo more than Washington
                Ten things to know about the summit in Pyongyang
                """;
        CleanText clean = TextCleaner.clean(page);
        assertEquals("Kim and Putin Sign a Defence Pact", clean.title());
        assertEquals(List.of("The two leaders signed the pact in Pyongyang on Wednesday.", "The treaty includes a mutual defence clause."),
                paragraphs(clean));
    }

    @Test
    void dropsOneOrTwoWordButtonsBetweenParagraphsButKeepsHeadingsAndQuotes() {
        CleanText clean = TextCleaner.clean("""
                The first paragraph ends here.

                Advertisement

                ‘Closest comrade’

                The Road to the Treaty

                “We will win.”

                The last paragraph ends here.
                """);
        assertEquals(List.of("The first paragraph ends here.", "‘Closest comrade’", "The Road to the Treaty", "“We will win.”",
                "The last paragraph ends here."), paragraphs(clean));
    }

    @Test
    void joinsADatelineAloneOnItsLineToItsParagraph() {
        CleanText clean = TextCleaner.clean("Troops Move North\n\nSEOUL —\n\nThe ministry said on Tuesday that it was watching.");
        assertEquals("SEOUL — The ministry said on Tuesday that it was watching.", clean.body());
    }

    @Test
    void keepsShortLinesWhenTheTextHasNoProseAtAll() {
        CleanText clean = TextCleaner.clean("North Korea troops");
        assertEquals("North Korea troops", clean.title());
        assertEquals("North Korea troops", clean.body());
    }

    @Test
    void removesADateHeaderButKeepsTheTextAfterIt() {
        CleanText clean = TextCleaner.clean(" date 2024-10-08 (MENAFN) South Korea’s minister spoke. He said more.");
        assertEquals("(MENAFN) South Korea’s minister spoke. He said more.", clean.body());
        CleanText published = TextCleaner.clean("Published: Tuesday, 8 October 2024, 10:32 BST\n\nTroops Move North\n\nThe army moved.");
        assertEquals("Troops Move North", published.title());
        assertEquals("The army moved.", published.body());
    }

    @Test
    void keepsASentenceThatStartsWithALabelledDate() {
        CleanText clean = TextCleaner.clean("Published on 8 May 2024, the report found more troops.");
        assertEquals("Published on 8 May 2024, the report found more troops.", clean.body());
    }

    @Test
    void takesAShortFirstLineWithoutPeriodAsTheTitleAndRemovesItFromTheBody() {
        CleanText clean = TextCleaner.clean("Will North Korea Send Troops?\n\nAnalysts are divided on the question.");
        assertEquals("Will North Korea Send Troops?", clean.title());
        assertEquals("Analysts are divided on the question.", clean.body());
    }

    @Test
    void derivesTheTitleFromTheFirstSentenceCutAtAWordBoundary() {
        CleanText clean = TextCleaner.clean("(Reuters) - North Korea is likely to send members of its regular armed forces to Ukraine in support of Russia, "
                + "said South Korea's defense minister on Tuesday. More text follows.");
        assertEquals("North Korea is likely to send members of its regular armed forces to Ukraine in support of Russia…", clean.title());
        assertTrue(clean.body().startsWith("(Reuters) - North Korea"), "the derived title stays in the body");
    }

    @Test
    void derivedTitleDoesNotStopAtAbbreviations() {
        CleanText clean = TextCleaner.clean("SEOUL: U.S. troops arrived in Seoul on Monday. Officials said more would follow.");
        assertEquals("U.S. troops arrived in Seoul on Monday", clean.title());
    }

    @Test
    void aKnownTitleWinsAndItsRepetitionIsRemovedFromTheBody() {
        CleanText repeated = TextCleaner.clean("Kim Meets Putin in Pyongyang\n\nThe leaders met.", "Kim meets Putin in Pyongyang");
        assertEquals("Kim meets Putin in Pyongyang", repeated.title());
        assertEquals("The leaders met.", repeated.body());
        CleanText kicker = TextCleaner.clean("Analysis of a Historic Summit\n\nThe leaders met.", "Kim meets Putin");
        assertEquals("Kim meets Putin", kicker.title());
        assertEquals("Analysis of a Historic Summit\n\nThe leaders met.", kicker.body());
    }

    @Test
    void blankOrDebrisOnlyTextIsEmpty() {
        assertTrue(TextCleaner.clean("  \n\t\n").isEmpty());
        CleanText debris = TextCleaner.clean("spot_imgspot_img\n***\nMENAFN08102024000045015839ID1108757690\n");
        assertTrue(debris.isEmpty());
        assertNull(debris.title());
    }

    @Test
    void normalizedTextIgnoresWhitespaceDifferences() {
        assertEquals(TextCleaner.clean("Title Line Here\n\nOne  paragraph.\n\nTwo.").normalized(),
                TextCleaner.clean("Title Line Here\r\n\r\n\r\nOne paragraph.   \r\n\r\n\r\n\tTwo.").normalized());
        assertFalse(TextCleaner.clean("Title Line Here\n\nOne paragraph.").normalized()
                .equals(TextCleaner.clean("Title Line Here\n\nAnother paragraph.").normalized()));
    }
}
