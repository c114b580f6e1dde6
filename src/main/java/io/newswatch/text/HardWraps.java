package io.newswatch.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes hard line wraps, turning physical lines into logical lines (paragraphs). Scraped and
 * copied texts break lines in two ways that matter for matching: between words (harmless, needs a
 * space) and inside a word ({@code arms tr} / {@code ade}, which hides "trade" from a rule).
 *
 * <p><b>When two lines are one paragraph.</b> A line continues the previous one when the previous
 * line ends "open" (no {@code . ! ? : ; …}, optionally followed by a closing quote or bracket) and
 * the next one starts with a lower-case letter: a new paragraph never starts lower-case, and a
 * finished paragraph ends with punctuation. In a text that is hard-wrapped throughout (most lines
 * are within 70% of a common width of at most 100 characters and end open), a line that reaches the
 * wrap width also continues into the next one, unless the next line is a short label.
 *
 * <p><b>Space or no space.</b> When the previous line ends in a word fragment {@code a} and the
 * next starts with a lower-case fragment {@code b}, they are glued into one word only when that is
 * more plausible than two words: {@code a} is not a word by itself (a known short word of the
 * supported languages, or longer than three letters with a vowel), or {@code b} has no vowel and is
 * not a known short word, or the text elsewhere uses {@code a+b} as a word while {@code a} or
 * {@code b} is neither a known short word nor used elsewhere. Otherwise a space goes between them,
 * so an ordinary wrap ("has notably" / "strengthened", "logged in" / "to") is never glued. A line ending in a hyphen after a letter is joined without a
 * space; the hyphen is dropped only when the text uses the unhyphenated word elsewhere.
 */
final class HardWraps {
    private static final Pattern ENDS_CLOSED = Pattern.compile("[.!?:;…][\"”’»)\\]]*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^(?:[-*•▪◦‣]|\\d{1,3}[.)])\\s");
    private static final Pattern TRAILING_WORD = Pattern.compile("(?:^|[\\s(\"“‘'])(\\p{Lu}?\\p{Ll}+)$");
    private static final Pattern TRAILING_HYPHENATED = Pattern.compile("(\\p{L}+)-$");
    private static final Pattern LEADING_WORD = Pattern.compile("^(\\p{Ll}+)");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");
    private static final String VOWELS = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœаеёиоуыэюяії";

    private final Map<String, Integer> wordCounts = new HashMap<>();
    private final boolean hardWrapped;
    private final int width;

    private HardWraps(List<String> lines) {
        for (String line : lines) {
            Matcher words = WORD.matcher(line.toLowerCase(Locale.ROOT));
            while (words.find()) {
                wordCounts.merge(words.group(), 1, Integer::sum);
            }
        }
        List<Integer> lengths = new ArrayList<>();
        int followed = 0;
        int open = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            lengths.add(line.length());
            if (i + 1 < lines.size() && !lines.get(i + 1).isEmpty()) {
                followed++;
                if (!ENDS_CLOSED.matcher(line).find()) {
                    open++;
                }
            }
        }
        lengths.sort(null);
        int n = lengths.size();
        this.width = n == 0 ? 0 : lengths.get((int) Math.floor(0.9 * (n - 1)));
        long full = lengths.stream().filter(length -> length >= 0.7 * width).count();
        this.hardWrapped = n >= 4 && width <= 100 && full * 2 >= n && followed > 0 && open * 2 >= followed;
    }

    /**
     * @param lines physical lines, already trimmed; an empty string is a blank line
     * @return logical lines: every paragraph, heading or label on one line, blank lines gone
     */
    static List<String> join(List<String> lines) {
        return new HardWraps(lines).joinLines(lines);
    }

    private List<String> joinLines(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        String previous = null;
        for (String line : lines) {
            if (line.isEmpty()) {
                flush(out, current);
                current = null;
                previous = null;
                continue;
            }
            if (current != null && continues(previous, line)) {
                append(current, previous, line);
            } else {
                flush(out, current);
                current = new StringBuilder(line);
            }
            previous = line;
        }
        flush(out, current);
        return out;
    }

    private boolean continues(String previous, String next) {
        if (LIST_ITEM.matcher(next).find()) {
            return false;
        }
        boolean open = !ENDS_CLOSED.matcher(previous).find();
        if (open && LEADING_WORD.matcher(next).find()) {
            return true;
        }
        return hardWrapped && previous.length() >= 0.7 * width && !Debris.isLabel(next);
    }

    /** Appends {@code next} to the paragraph so far, whose last physical line is {@code previous}. */
    private void append(StringBuilder current, String previous, String next) {
        Matcher b = LEADING_WORD.matcher(next);
        if (b.find()) {
            Matcher hyphenated = TRAILING_HYPHENATED.matcher(previous);
            if (hyphenated.find()) {
                String whole = (hyphenated.group(1) + b.group(1)).toLowerCase(Locale.ROOT);
                if (count(whole) >= 1) {
                    current.setLength(current.length() - 1);
                }
                current.append(next);
                return;
            }
            Matcher a = TRAILING_WORD.matcher(previous);
            if (a.find() && glue(a.group(1).toLowerCase(Locale.ROOT), b.group(1))) {
                current.append(next);
                return;
            }
        }
        current.append(' ').append(next);
    }

    private boolean glue(String a, String b) {
        if (!plausibleWord(a) || !(hasVowel(b) || Stopwords.SHORT_WORDS.contains(b))) {
            return true;
        }
        return count(a + b) >= 1 && (rareFragment(a) || rareFragment(b));
    }

    /** Not a known short word and not used elsewhere in the text: likely half of a word. */
    private boolean rareFragment(String fragment) {
        return !Stopwords.SHORT_WORDS.contains(fragment) && count(fragment) <= 1;
    }

    private int count(String word) {
        return wordCounts.getOrDefault(word, 0);
    }

    private static boolean plausibleWord(String word) {
        return Stopwords.SHORT_WORDS.contains(word) || (word.length() > 3 && hasVowel(word));
    }

    private static boolean hasVowel(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (VOWELS.indexOf(word.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static void flush(List<String> out, StringBuilder current) {
        if (current != null && !current.isEmpty()) {
            out.add(current.toString());
        }
    }
}
