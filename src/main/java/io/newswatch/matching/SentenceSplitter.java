package io.newswatch.matching;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Finds where sentences start in news text, for the sentence scope of the rule language
 * ({@code NEAR/S}, {@code BEFORE/S}). Rule-based and tuned for wire copy, where a wrong split
 * costs a missed match and a missed split only costs what plain {@code NEAR} would match anyway:
 * <ul>
 *   <li>a blank line (a paragraph break, also the one between title and body) always ends a
 *       sentence, so a headline without a final period is a sentence of its own;
 *   <li>{@code .}, {@code !}, {@code ?} and {@code …} (and runs of them, and closing quotes or
 *       brackets after them) end a sentence when whitespace follows and the next word (after any
 *       opening quote or bracket) does not start with a lower-case letter;
 *   <li>a period does not end a sentence after an upper-case acronym with inner periods
 *       ({@code U.S.}, {@code U.N.}), a single capital (an initial, {@code George W. Bush}), a
 *       title or month abbreviation ({@code Gen.}, {@code Sen.}, {@code Jan.}, {@code Sept.}), a
 *       state abbreviation ({@code Calif.}), {@code No.} before a number or {@code e.g.}/{@code
 *       i.e.}; a period inside a word or number ({@code 3.5}, {@code Reuters.com}) never does.
 * </ul>
 * A single line break is read as a space (hard-wrapped text keeps its sentences).
 */
public final class SentenceSplitter {

    /** Abbreviations (without their period, lower case) after which a period does not end a sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            // titles and ranks
            "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "lt", "col", "gen", "maj", "capt", "cpt", "sgt", "cpl",
            "pvt", "adm", "cmdr", "cdr", "brig", "rev", "hon", "pres", "amb", "sr", "jr", "st", "mt", "ft", "messrs",
            "supt", "insp", "det", "atty", "rt",
            // months and days
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
            // places and addresses (AP state abbreviations included)
            "ave", "blvd", "rd", "mts", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind",
            "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore",
            "pa", "penn", "tenn", "tex", "vt", "va", "wash", "wis", "wyo",
            // others followed by a name or a number
            "vs", "v", "no", "nos", "approx", "dept", "univ", "fig", "vol", "op", "art", "para", "ref");

    /** Abbreviations that only hold a sentence together when a number follows ("No. 1", "Art. 51"). */
    private static final Set<String> BEFORE_NUMBERS = Set.of("no", "nos", "art", "vol", "fig", "op", "para", "ref");

    private static final String CLOSERS = "\"'”’)]»";
    private static final String OPENERS = "\"'“‘([«";

    private SentenceSplitter() {}

    /**
     * Offsets (ascending) in {@code text} where a sentence other than the first starts: each is
     * the offset of the first character after the whitespace that ends the previous sentence.
     */
    public static int[] starts(CharSequence text) {
        int n = text.length();
        int[] out = new int[16];
        int count = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int start = -1;
            if (c == '\n' || c == '\r') {
                start = afterBlankLine(text, i);
                i = start > 0 ? start : i + 1;
            } else if (isTerminal(c)) {
                int runEnd = i;
                while (runEnd < n && isTerminal(text.charAt(runEnd))) {
                    runEnd++;
                }
                start = afterTerminal(text, i, runEnd);
                i = runEnd;
            } else {
                i++;
            }
            if (start > 0 && start < n && (count == 0 || out[count - 1] < start)) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = start;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    /** If a blank line starts at the line break at {@code i}, the offset after all following whitespace; else -1. */
    private static int afterBlankLine(CharSequence text, int i) {
        int n = text.length();
        int j = i;
        int breaks = 0;
        while (j < n && Character.isWhitespace(text.charAt(j))) {
            char w = text.charAt(j);
            if (w == '\n') {
                breaks++;
            } else if (w == '\r' && (j + 1 >= n || text.charAt(j + 1) != '\n')) {
                breaks++;
            }
            j++;
        }
        return breaks >= 2 ? j : -1;
    }

    /** The start of the next sentence if the terminal run {@code [from, runEnd)} ends one; else -1. */
    private static int afterTerminal(CharSequence text, int from, int runEnd) {
        int n = text.length();
        int j = runEnd;
        while (j < n && CLOSERS.indexOf(text.charAt(j)) >= 0) {
            j++;
        }
        if (j >= n || !Character.isWhitespace(text.charAt(j))) {
            return -1; // 3.5, U.S.-led, Reuters.com, or the end of the text
        }
        while (j < n && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        int next = j;
        while (next < n && OPENERS.indexOf(text.charAt(next)) >= 0) {
            next++;
        }
        if (next >= n) {
            return -1;
        }
        char first = text.charAt(next);
        if (Character.isLowerCase(first)) {
            return -1;
        }
        if (runEnd - from == 1 && text.charAt(from) == '.' && abbreviation(text, from, Character.isDigit(first))) {
            return -1;
        }
        return j;
    }

    /** True if the word just before the period at {@code dot} is an abbreviation the period belongs to. */
    private static boolean abbreviation(CharSequence text, int dot, boolean numberFollows) {
        int begin = dot;
        while (begin > 0 && (Character.isLetterOrDigit(text.charAt(begin - 1)) || text.charAt(begin - 1) == '.'
                || text.charAt(begin - 1) == '-' && begin - 1 > 0 && Character.isLetter(text.charAt(begin - 2)))) {
            begin--;
        }
        String word = text.subSequence(begin, dot).toString();
        if (word.isEmpty()) {
            return false;
        }
        if (word.indexOf('.') >= 0) {
            // U.S., U.N., N.Y., W.Va. (upper case): part of a name; a.m./p.m. end sentences; e.g./i.e. do not.
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.equals("e.g") || lower.equals("i.e") || lower.equals("cf")) {
                return true;
            }
            return Character.isUpperCase(word.charAt(0));
        }
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return true; // an initial: John F. Kennedy
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (!ABBREVIATIONS.contains(lower)) {
            return false;
        }
        if (BEFORE_NUMBERS.contains(lower)) {
            return numberFollows;
        }
        // "Ill.", "Miss.", "Wash.", "Ind." are also words that end sentences when written in lower case.
        return Character.isUpperCase(word.charAt(0));
    }
}
