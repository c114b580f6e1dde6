package io.newswatch.stories;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a headline and body into the weighted terms the clusterer compares: lower-cased words
 * without function words, plurals folded ("sanctions" = "sanction"), the title counting fully and
 * the body's first words at a lower weight. Also gives the raw word sequence the near-duplicate
 * fingerprint is built from.
 */
public final class StoryTerms {
    /** How many words of the body are read: the lead carries the event, the rest adds noise. */
    static final int BODY_WORDS = 80;
    /** Weight of a body term relative to a title term. */
    static final double BODY_WEIGHT = 0.25;

    private static final Set<String> STOPWORDS = Set.of((
            "a an the and or but nor of to in on at by for with from into onto over under about after before "
            + "as is are was were be been being am has have had do does did will would shall should can could may might must "
            + "it its it's this that these those there their they them he she his her him we our you your i me my "
            + "not no so if than then too very just also more most much many some any all each other such own same "
            + "what which who whom whose when where why how up down out off again further once here "
            + "says said say new via amid vs s t re ve ll d m").split(" "));

    private StoryTerms() {}

    /** The words of a text, lower-cased, accents folded, split on anything not a letter or digit. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return words;
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else if ((c == '\'' || c == '\u2019') && word.length() > 0) {
                // possessive or contraction: "obama's" -> "obama", "don't" -> "don"
                words.add(word.toString());
                word.setLength(0);
                while (i + 1 < folded.length() && Character.isLetter(folded.charAt(i + 1))) {
                    i++;
                }
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** The weighted terms of a document: title terms weigh 1 each (once), body terms {@link #BODY_WEIGHT}. */
    public static Map<String, Double> terms(String title, String body) {
        Map<String, Double> terms = new LinkedHashMap<>();
        for (String word : words(title)) {
            String term = term(word);
            if (term != null) {
                terms.put(term, 1.0);
            }
        }
        List<String> bodyWords = words(body);
        int limit = Math.min(bodyWords.size(), BODY_WORDS);
        for (int i = 0; i < limit; i++) {
            String term = term(bodyWords.get(i));
            if (term != null) {
                terms.merge(term, BODY_WEIGHT, (a, b) -> Math.min(2.0, a + b));
            }
        }
        return terms;
    }

    /** The term for a word, or null for a function word or a lone letter. */
    static String term(String word) {
        if (word.length() < 2 && !Character.isDigit(word.charAt(0))) {
            return null;
        }
        if (STOPWORDS.contains(word)) {
            return null;
        }
        return stem(word);
    }

    /** A minimal English plural fold (the "S-stemmer"): policies -> policy, sanctions -> sanction. */
    static String stem(String word) {
        int n = word.length();
        if (n <= 3 || !Character.isLetter(word.charAt(n - 1))) {
            return word;
        }
        if (word.endsWith("ies") && !word.endsWith("eies") && !word.endsWith("aies")) {
            return word.substring(0, n - 3) + "y";
        }
        if (word.endsWith("es") && !word.endsWith("aes") && !word.endsWith("ees") && !word.endsWith("oes")) {
            return word.substring(0, n - 1);
        }
        if (word.endsWith("s") && !word.endsWith("us") && !word.endsWith("ss") && !word.endsWith("is")) {
            return word.substring(0, n - 1);
        }
        return word;
    }
}
