package io.newswatch.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishedDateFinderTest {
    private static final Instant NOW = Instant.parse("2024-10-10T12:00:00Z");

    private static Optional<Instant> find(String text) {
        return PublishedDateFinder.find(text, NOW);
    }

    private static Optional<Instant> day(String isoDate) {
        return Optional.of(Instant.parse(isoDate + "T00:00:00Z"));
    }

    @Test
    void readsALabelledIsoDateHeader() {
        assertEquals(day("2024-10-08"), find(" date 2024-10-08 (MENAFN) South Korea’s minister spoke."));
    }

    @Test
    void readsCommonWrittenForms() {
        assertEquals(day("2024-10-08"), find("Published: 8 October 2024\n\nText."));
        assertEquals(day("2024-10-08"), find("Published: Tuesday, 8 October 2024, 10:32 BST\n\nText."));
        assertEquals(day("2024-10-08"), find("SEOUL, October 8, 2024 — The ministry said."));
        assertEquals(day("2024-10-08"), find("08 Oct 2024 | World news\n\nText."));
        assertEquals(day("2024-10-08"), find("Oct. 8, 2024\n\nText."));
        assertEquals(day("2024-10-08"), find("Posted on 2024/10/08 by the desk."));
    }

    @Test
    void readsAnIsoTimestampWithItsOffset() {
        assertEquals(Optional.of(Instant.parse("2024-10-08T07:30:00Z")), find("Updated 2024-10-08T09:30:00+02:00\n\nText."));
    }

    @Test
    void rejectsDatesInTheFutureBeyondOneDayAndBefore1990() {
        assertEquals(Optional.empty(), find("Published: 8 October 2030\n\nText."));
        assertEquals(Optional.empty(), find("Published: 5 May 1985\n\nText."));
        assertEquals(day("2024-10-11"), find("Published: 11 October 2024\n\nText."), "tomorrow is fine: time zones differ");
    }

    @Test
    void rejectsDatesThatDoNotExist() {
        assertEquals(Optional.empty(), find("Published: 2024-02-30\n\nText."));
    }

    @Test
    void theFirstDatelineWins() {
        assertEquals(day("2024-10-08"), find("SEOUL, October 8, 2024 — Troops moved on October 3, 2024, officials said."));
    }

    @Test
    void aLabelledDateBeatsAnEarlierMentionedOne() {
        assertEquals(day("2024-10-08"), find("Kim met Putin on 12 June 2024 in Pyongyang.\nPublished: 8 October 2024"));
    }

    @Test
    void aPublishedDateBeatsAnUpdatedOne() {
        assertEquals(day("2024-10-08"), find("Updated: 9 October 2024 | Published: 8 October 2024\n\nText."));
    }

    @Test
    void ignoresDatesDeepInTheBodyAndBareYears() {
        String text = "The treaty dates back to 1949 and was renewed. ".repeat(20) + "On October 3, 2024, troops moved.";
        assertEquals(Optional.empty(), find(text));
    }

    @Test
    void readsAFooterDateAndTheMenafnAgencyId() {
        String body = "Text of the article goes on. ".repeat(200);
        assertEquals(day("2024-10-07"), find(body + "\nPublished on 7 October 2024"));
        assertEquals(day("2024-10-08"), find(body + "\nMENAFN08102024000045015839ID1108757690"));
    }
}
