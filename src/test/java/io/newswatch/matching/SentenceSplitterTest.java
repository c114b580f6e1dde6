package io.newswatch.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int start : SentenceSplitter.starts(text)) {
            out.add(text.substring(from, start).strip());
            from = start;
        }
        out.add(text.substring(from).strip());
        return out;
    }

    @Test
    void splitsAtPeriodsQuestionAndExclamationMarksBeforeACapital() {
        assertEquals(List.of("Russia signed the treaty.", "Germany did not!", "Why?", "Nobody knows."),
                sentences("Russia signed the treaty. Germany did not! Why? Nobody knows."));
    }

    @Test
    void titleAndBodyAndParagraphsAreSeparateSentencesWithoutAFinalPeriod() {
        assertEquals(List.of("Iran ends offensive in Gulf war", "Iran announced tonight that its offensive ended",
                        "The agency said so."),
                sentences("Iran ends offensive in Gulf war" + Fields.SEPARATOR
                        + "Iran announced tonight that its offensive ended\n\nThe agency said so."));
        assertEquals(List.of("Hard wrapped text keeps\nits sentence."), sentences("Hard wrapped text keeps\nits sentence."));
    }

    @Test
    void keepsAcronymsInitialsTitlesAndMonthsInsideTheSentence() {
        String text = "U.S. President George W. Bush met Gen. Tommy Franks and Sen. John McCain on Jan. 5 in Washington. "
                + "The U.N. Security Council met in Sept. 2004 at 10 a.m. and approved it. Prof. Smith of N.Y. agreed.";
        assertEquals(List.of(
                "U.S. President George W. Bush met Gen. Tommy Franks and Sen. John McCain on Jan. 5 in Washington.",
                "The U.N. Security Council met in Sept. 2004 at 10 a.m. and approved it.",
                "Prof. Smith of N.Y. agreed."), sentences(text));
    }

    @Test
    void numbersAndWordsWithInnerPeriodsDoNotEndSentences() {
        assertEquals(List.of("Growth was 3.5 percent, Reuters.com said, in a U.S.-led survey of No. 1 firms."),
                sentences("Growth was 3.5 percent, Reuters.com said, in a U.S.-led survey of No. 1 firms."));
        assertEquals(List.of("The answer was no.", "The treaty failed."), sentences("The answer was no. The treaty failed."));
    }

    @Test
    void quotesAndBracketsAroundTheEndBelongToTheirSentence() {
        assertEquals(List.of("He said: \"We will sign.\"", "\"The treaty is dead,\" Moscow replied.", "(It did.)", "Talks went on."),
                sentences("He said: \"We will sign.\" \"The treaty is dead,\" Moscow replied. (It did.) Talks went on."));
        assertEquals(List.of("\"Why?\" he asked."), sentences("\"Why?\" he asked."));
        assertEquals(List.of("Talks stalled...", "Then Moscow agreed."), sentences("Talks stalled... Then Moscow agreed."));
    }

    @Test
    void aSentenceMayStartWithANumber() {
        assertEquals(List.of("It fell in 2004.", "2005 was better."), sentences("It fell in 2004. 2005 was better."));
    }

    @Test
    void aTextWithoutBoundariesIsOneSentence() {
        assertEquals(0, SentenceSplitter.starts("").length);
        assertEquals(0, SentenceSplitter.starts("Treaty signed.").length);
        assertEquals(0, SentenceSplitter.starts("Ends with a period. ").length);
    }
}
