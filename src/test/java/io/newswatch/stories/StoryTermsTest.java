package io.newswatch.stories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoryTermsTest {
    @Test
    void wordsAreLowerCasedWithAccentsAndPossessivesFolded() {
        assertEquals(List.of("obama", "visit", "sao", "paulo", "don"), StoryTerms.words("Obama's visit: São Paulo — don't"));
    }

    @Test
    void pluralsFoldAndFunctionWordsDrop() {
        Map<String, Double> terms = StoryTerms.terms("The sanctions and the policies of the companies", "");
        assertEquals(List.of("sanction", "policy", "company"), List.copyOf(terms.keySet()));
        assertNull(StoryTerms.term("the"));
    }

    @Test
    void bodyTermsWeighLessThanTitleTerms() {
        Map<String, Double> terms = StoryTerms.terms("Storm hits coast", "Residents fled the storm");
        assertEquals(1.0 + StoryTerms.BODY_WEIGHT, terms.get("storm"), "title and body");
        assertEquals(1.0, terms.get("coast"));
        assertEquals(StoryTerms.BODY_WEIGHT, terms.get("resident"));
    }

    @Test
    void nearlyEqualTextsHaveSimilarFingerprintsAndOthersDoNot() {
        String text = "the regional power grid failed after a storm damaged two substations leaving homes dark";
        Fingerprint a = Fingerprint.of("Storm cuts power", text);
        Fingerprint b = Fingerprint.of("Storm cuts power", text + " overnight");
        Fingerprint c = Fingerprint.of("Central bank raises rates", "the bank raised its main rate by a quarter point");
        assertTrue(a.similarity(b) >= 0.8, "copy: " + a.similarity(b));
        assertTrue(a.similarity(c) <= 0.2, "other: " + a.similarity(c));
        assertNull(Fingerprint.of("Two", ""));
    }
}
