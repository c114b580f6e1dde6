package io.newswatch.text;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a headline for a text that has none: its first sentence, without the agency tag or
 * dateline in front ({@code (MENAFN)}, {@code SEOUL:}), cut at a word boundary to about
 * {@value #MAX_LENGTH} characters with an ellipsis. Alerts and notifications show the title, so it
 * must read like one.
 */
final class Titles {
    static final int MAX_LENGTH = 100;
    /** Below this the cut would leave a stub; cut mid-word instead. */
    private static final int MIN_CUT = 40;

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…]+[\"”’»)\\]]*(?=\\s+[\"“‘«(\\[]?[\\p{Lu}\\p{N}])");
    private static final Pattern WORD_BEFORE = Pattern.compile("(\\p{L}+)$");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "lt", "col", "capt", "sgt", "adm", "sen", "rep",
            "gov", "pres", "inc", "ltd", "co", "corp", "no", "vs", "etc", "approx", "dept", "est", "fig", "jan", "feb",
            "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");
    private static final Pattern AGENCY_TAG = Pattern.compile("^\\(\\p{Lu}[\\p{L} .&-]{1,30}\\)\\s*[:—–-]?\\s*");
    private static final Pattern DATELINE = Pattern.compile(
            "^\\p{Lu}{2,}[\\p{Lu} .'-]*(?:,[^.:—–\\n]{1,40}?)?\\s*(?:\\([^)]{1,30}\\))?\\s*[:—–-]\\s+");

    private Titles() {}

    /** A title from the first sentence of {@code paragraph}, or {@code null} for a blank one. */
    static String fromFirstSentence(String paragraph) {
        String text = withoutDateline(paragraph.strip());
        if (text.isEmpty()) {
            return null;
        }
        String sentence = firstSentence(text);
        while (sentence.endsWith(".") && !sentence.endsWith("..")) {
            sentence = sentence.substring(0, sentence.length() - 1);
        }
        return shorten(sentence);
    }

    /** {@code text} itself when short enough, else cut at the last space before the limit plus "…". */
    static String shorten(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        String cut = text.substring(0, MAX_LENGTH);
        int space = cut.lastIndexOf(' ');
        if (space >= MIN_CUT) {
            cut = cut.substring(0, space);
        }
        cut = cut.replaceAll("[\\s,;:(\\[\"“‘«—–-]+$", "");
        return cut + "…";
    }

    static String firstSentence(String text) {
        Matcher end = SENTENCE_END.matcher(text);
        while (end.find()) {
            if (text.charAt(end.start()) == '.') {
                Matcher word = WORD_BEFORE.matcher(text.substring(0, end.start()));
                if (word.find()) {
                    String before = word.group(1);
                    boolean initial = before.length() == 1 && Character.isUpperCase(before.charAt(0));
                    if (initial || ABBREVIATIONS.contains(before.toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                }
            }
            return text.substring(0, end.end());
        }
        return text;
    }

    static String withoutDateline(String text) {
        String previous;
        do {
            previous = text;
            text = AGENCY_TAG.matcher(text).replaceFirst("");
            text = DATELINE.matcher(text).replaceFirst("");
        } while (!text.equals(previous));
        return text;
    }
}
