package io.newswatch.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules that recognise scraping debris by its shape rather than by a list of known strings, so
 * they also work for pages and languages nobody has seen yet:
 * <ul>
 *   <li><b>runaway tokens</b>: more than {@value #MAX_TOKEN} characters without a space (data
 *       blobs, minified code, tracking URLs);</li>
 *   <li><b>tracking ids</b>: a token of 20+ letters and digits with at least 40% digits
 *       ({@code MENAFN08102024000045015839ID1108757690}); prose never has such words;</li>
 *   <li><b>template tokens</b>: an identifier repeated back to back ({@code spot_imgspot_img}), or a
 *       line made only of {@code snake_case} identifiers or {@code {{placeholders}}}: CSS classes and
 *       template slots that leaked into the text;</li>
 *   <li><b>punctuation lines</b>: no letter or digit at all ({@code ***}, {@code |}, {@code —});</li>
 *   <li><b>copyright lines</b>: {@code ©} or "all rights reserved";</li>
 *   <li><b>bylines</b>: "By", "Edited by", "Reporting by"... followed only by capitalised names;</li>
 *   <li><b>navigation</b>: short items between separators ({@code Home | World | Asia});</li>
 *   <li><b>date lines</b>: a line that is only a date (the cleaner's caller reads it first);</li>
 *   <li><b>labels</b>: at most {@value #LABEL_WORDS} words, no sentence punctuation, not quoted
 *       ({@code Get in Touch}, {@code Latest Posts}, {@code Share this}). Whether a label is debris
 *       depends on where it stands, which {@link TextCleaner} decides.</li>
 * </ul>
 */
final class Debris {
    static final int LABEL_WORDS = 4;
    static final int LABEL_CHARS = 40;
    /** Longer tokens are not checked for repetition: the check is quadratic in the token length. */
    private static final int MAX_IDENTIFIER = 200;
    /**
     * No word of prose is this long; such a token is a data blob, minified code or a URL with
     * tracking parameters.
     */
    static final int MAX_TOKEN = 200;

    private static final Pattern LETTER_OR_DIGIT = Pattern.compile("[\\p{L}\\p{N}]");
    private static final Pattern ALNUM = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern REPEATED = Pattern.compile("(\\p{L}[\\p{L}\\p{N}_\\-]{2,}?)\\1+");
    private static final Pattern SNAKE = Pattern.compile("[\\p{Ll}\\p{N}]+(?:_[\\p{Ll}\\p{N}]+)+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*}}|\\[/?[a-z_]+(?:\\s[^]]*)?]|<[a-z/][^>]*>");
    private static final Pattern COPYRIGHT = Pattern.compile("©|\\(c\\)\\s*\\d{4}|\\ball rights reserved\\b|^copyright\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BYLINE = Pattern.compile(
            "^(?:by|edited by|written by|reporting by|reported by|words by|story by|text by|photos? by|additional reporting by)(?![\\p{L}])"
                    + "\\s*[:：]?\\s*(\\S.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BYLINE_INNER_LABEL = Pattern.compile(
            "^(?:editing|reporting|writing|additional reporting|compiled|translated)\\s+by\\s+", Pattern.CASE_INSENSITIVE);
    private static final Set<String> NAME_CONNECTORS = Set.of(
            "and", "&", "in", "at", "for", "of", "de", "da", "di", "del", "van", "von", "der", "den", "la", "le", "bin", "al", "el");
    private static final Pattern NAV_SEPARATOR = Pattern.compile("\\s+(?:\\||•|·|»|›|►|>|/)\\s+");
    /** Sentence punctuation anywhere: a label has none. */
    private static final Pattern SENTENCE_PUNCTUATION = Pattern.compile("[.!?…]");
    private static final Pattern QUOTES = Pattern.compile("[\"“”„‘’«»]");

    private Debris() {}

    /** A tracking id: long, only letters and digits, at least 40% digits, some letters. */
    static boolean isTrackingId(String token) {
        String core = stripPunctuation(token);
        if (core.length() < 20 || !ALNUM.matcher(core).matches()) {
            return false;
        }
        long digits = core.chars().filter(Character::isDigit).count();
        return digits * 10 >= core.length() * 4L && digits < core.length();
    }

    /** An identifier written twice or more back to back, as image-placeholder classes are. */
    static boolean isRepeatedIdentifier(String token) {
        String core = stripPunctuation(token);
        return core.length() >= 8 && core.length() <= MAX_IDENTIFIER && REPEATED.matcher(core).matches() && core.chars().anyMatch(c -> c == '_' || c == '-');
    }

    /** A CSS class, template slot or markup fragment: never prose on its own. */
    static boolean isCodeToken(String token) {
        String core = stripPunctuation(token);
        return core.length() <= MAX_IDENTIFIER && (SNAKE.matcher(core).matches() || PLACEHOLDER.matcher(token).matches());
    }

    /**
     * The line without tracking ids and repeated identifiers; empty when only code tokens remain,
     * so the line counts as blank (a paragraph break) rather than as text.
     */
    static String withoutDebrisTokens(String line) {
        if (line.isEmpty()) {
            return line;
        }
        List<String> kept = new ArrayList<>();
        boolean onlyCode = true;
        for (String token : line.split(" ")) {
            if (token.isEmpty() || token.length() > MAX_TOKEN || isTrackingId(token) || isRepeatedIdentifier(token)) {
                continue;
            }
            kept.add(token);
            if (onlyCode && !isCodeToken(token)) {
                onlyCode = false;
            }
        }
        return onlyCode ? "" : String.join(" ", kept);
    }

    /** True for a line that is debris wherever it stands. */
    static boolean isDebrisLine(String line) {
        return !LETTER_OR_DIGIT.matcher(line).find()
                || COPYRIGHT.matcher(line).find()
                || isByline(line)
                || isNavigation(line)
                || DateForms.isBareDate(line);
    }

    /** A short line without sentence punctuation or quotes: a button, menu item or section label. */
    static boolean isLabel(String line) {
        return line.length() <= LABEL_CHARS
                && wordCount(line) <= LABEL_WORDS
                && !SENTENCE_PUNCTUATION.matcher(line).find()
                && !QUOTES.matcher(line).find();
    }

    static int wordCount(String line) {
        int words = 0;
        for (String token : line.split("\\s+")) {
            if (LETTER_OR_DIGIT.matcher(token).find()) {
                words++;
            }
        }
        return words;
    }

    /**
     * "By Jane Doe", "Edited by Mike Firn.", "By:RFA", "Reporting by A; Editing by B": a byline label
     * followed only by names (capitalised words and connectors like "and", "van"). "By then, it was
     * over." is not a byline: "then" is not a name.
     */
    static boolean isByline(String line) {
        var m = BYLINE.matcher(line);
        if (!m.matches() || wordCount(line) > 14) {
            return false;
        }
        for (String part : m.group(1).split("\\s*[;,]\\s*")) {
            String names = BYLINE_INNER_LABEL.matcher(part.strip()).replaceFirst("");
            if (names.endsWith(".")) {
                names = names.substring(0, names.length() - 1);
            }
            String[] tokens = names.strip().split("\\s+");
            if (tokens.length == 0 || tokens[0].isEmpty() || tokens.length > 6 || !Character.isUpperCase(tokens[0].codePointAt(0))) {
                return false;
            }
            for (String token : tokens) {
                boolean name = Character.isUpperCase(token.codePointAt(0));
                if (!name && !NAME_CONNECTORS.contains(token.toLowerCase())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** "Home | World | Asia", "News » Politics": at least two items, all short, no sentence. */
    static boolean isNavigation(String line) {
        String[] items = NAV_SEPARATOR.split(line);
        if (items.length < 2 || SENTENCE_PUNCTUATION.matcher(line).find()) {
            return false;
        }
        for (String item : items) {
            if (wordCount(item) > 3) {
                return false;
            }
        }
        return true;
    }

    private static String stripPunctuation(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !Character.isLetterOrDigit(token.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(token.charAt(end - 1))) {
            end--;
        }
        return token.substring(start, end);
    }
}
