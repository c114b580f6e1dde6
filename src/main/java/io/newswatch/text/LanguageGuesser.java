package io.newswatch.text;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guesses the language of a news text from how many of each language's function words it uses.
 * Function words make up a large, stable share of any prose, so a few hundred words are enough to
 * tell en, de, fr, es, it, pt, nl and ru apart without a model or a dependency. Texts too short to
 * say are reported as {@code en}, the language most feeds and rules are written in.
 */
public final class LanguageGuesser {
    /** Below this many function-word hits the text is too short or too odd to guess from. */
    private static final int MIN_HITS = 3;
    /** Enough words for a stable count; the rest of a long article only costs time. */
    private static final int MAX_WORDS = 3000;
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    private LanguageGuesser() {}

    /** @return an ISO 639-1 code: en, de, fr, es, it, pt, nl or ru; {@code en} when unsure */
    public static String guess(String text) {
        if (text == null || text.isBlank()) {
            return "en";
        }
        Map<String, Set<String>> languages = Stopwords.BY_LANGUAGE;
        String[] codes = languages.keySet().toArray(String[]::new);
        int[] hits = new int[codes.length];
        Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
        int seen = 0;
        while (words.find() && seen++ < MAX_WORDS) {
            String word = words.group();
            for (int i = 0; i < codes.length; i++) {
                if (languages.get(codes[i]).contains(word)) {
                    hits[i]++;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < codes.length; i++) {
            if (hits[i] > hits[best]) {
                best = i;
            }
        }
        return hits[best] < MIN_HITS ? "en" : codes[best];
    }
}
