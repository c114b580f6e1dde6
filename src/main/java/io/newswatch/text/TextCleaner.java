package io.newswatch.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a scraped or pasted news text into a headline and clean paragraphs. Rules match the body,
 * and alerts quote snippets of it, so the body must be the article's prose and nothing else: no
 * menu items, share buttons, tracking ids or words split by a hard wrap.
 *
 * <p>Steps, in order:
 * <ol>
 *   <li>Unicode NFC; every line-break form becomes {@code \n}; tabs and exotic spaces become
 *       spaces; invisible characters (soft hyphens, zero-width spaces, BOMs) and control codes go;
 *       runs of spaces collapse to one.</li>
 *   <li>Tokens that are never prose go wherever they stand: tracking ids and repeated identifiers
 *       (see {@link Debris}). A line left with nothing, or only template tokens, becomes blank.</li>
 *   <li>A date header at the start of one of the first lines ({@code date 2024-10-08},
 *       {@code Published: 8 October 2024}) is removed: it is metadata, read by
 *       {@link PublishedDateFinder}.</li>
 *   <li>Hard line wraps are undone ({@link HardWraps}); every remaining line is a paragraph. A
 *       dateline alone on its line ({@code SEOUL —}) is joined to the paragraph it introduces.</li>
 *   <li>Lines that are debris wherever they stand are dropped ({@link Debris#isDebrisLine}).</li>
 *   <li>Labels (short lines without sentence punctuation, like {@code Latest Posts}) are dropped by
 *       position: before the first and after the last prose paragraph they are page chrome (except
 *       a first line of {@value #MIN_LABEL_TITLE_WORDS}+ words, the headline candidate), and
 *       after the last prose paragraph a label also starts the footer, so every non-prose line after
 *       it (lists of related headlines) goes too. Between prose paragraphs a label of one or two
 *       words ({@code Advertisement}, {@code Share this}) goes, while longer ones stay as section
 *       headings. A text with no prose paragraph at all keeps its labels: there is no page around
 *       an article to strip.</li>
 *   <li>The title is the first remaining line if it is shorter than {@value #MAX_TITLE_LINE}
 *       characters and does not end with a period; it is then removed from the body (unless it is
 *       the only line). Otherwise the title is derived from the first sentence ({@link Titles}).</li>
 * </ol>
 */
public final class TextCleaner {
    /** A first line this long is a paragraph, not a headline. */
    static final int MAX_TITLE_LINE = 150;
    /**
     * A short first line ("Troops Move North") is the headline only from this many words on;
     * shorter ones at the top of a page are menu items and buttons ("Home", "Share this").
     */
    static final int MIN_LABEL_TITLE_WORDS = 3;
    /** How many leading lines may carry a date header. */
    private static final int DATE_HEADER_LINES = 5;

    private static final Pattern LINE_BREAKS = Pattern.compile("\\r\\n|[\\r\\u000B\\u000C\\u0085\\u2028\\u2029]");
    private static final Pattern INVISIBLE = Pattern.compile("[\\u00AD\\u200B-\\u200D\\u2060\\uFEFF]");
    private static final Pattern SPACES = Pattern.compile("[\\t\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000]");
    private static final Pattern CONTROLS = Pattern.compile("[\\x00-\\x08\\x0E-\\x1F\\x7F-\\x9F]");
    private static final Pattern SPACE_RUN = Pattern.compile(" {2,}");
    private static final Pattern ENDS_SENTENCE = Pattern.compile("[.!?…][\"”’»)\\]]*$");
    private static final Pattern ENDS_PERIOD = Pattern.compile("[.…][\"”’»)\\]]*$");
    private static final Pattern DATELINE_ONLY = Pattern.compile("^\\p{Lu}{2,}[\\p{Lu} .,'-]*(?:\\([^)]{1,30}\\))?\\s*[:—–-]$");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");

    private enum Kind { DEBRIS, PROSE, LABEL, LINE }

    private TextCleaner() {}

    /** Cleans a text that carries its own headline (or none). */
    public static CleanText clean(String raw) {
        return clean(raw, null);
    }

    /**
     * Cleans a text whose title is known from elsewhere (an HTML {@code <title>}, a feed item).
     * The known title wins; the text's own first line is removed from the body only when it repeats
     * that title, since otherwise it is a kicker or standfirst that belongs to the text.
     *
     * @param knownTitle the title from metadata, or {@code null}/blank when there is none
     */
    public static CleanText clean(String raw, String knownTitle) {
        if (raw == null || raw.isBlank()) {
            return new CleanText(blankToNull(knownTitle), "");
        }
        List<String> lines = lines(raw);
        removeDateHeaders(lines);
        List<String> segments = joinDatelines(HardWraps.join(lines));

        Kind[] kinds = new Kind[segments.size()];
        int firstProse = -1;
        int lastProse = -1;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            kinds[i] = Debris.isDebrisLine(segment) ? Kind.DEBRIS
                    : ENDS_SENTENCE.matcher(segment).find() ? Kind.PROSE
                    : Debris.isLabel(segment) ? Kind.LABEL
                    : Kind.LINE;
            if (kinds[i] == Kind.PROSE) {
                lastProse = i;
                if (firstProse < 0) {
                    firstProse = i;
                }
            }
        }

        List<String> kept = new ArrayList<>();
        List<Kind> keptKinds = new ArrayList<>();
        boolean footer = false;
        for (int i = 0; i < segments.size(); i++) {
            Kind kind = kinds[i];
            String segment = segments.get(i);
            if (kind == Kind.DEBRIS) {
                continue;
            }
            if (firstProse >= 0 && i > lastProse && kind == Kind.LABEL) {
                footer = true;
            }
            if (footer) {
                continue;
            }
            if (firstProse >= 0 && kind == Kind.LABEL) {
                boolean headline = i < firstProse && kept.isEmpty() && Debris.wordCount(segment) >= MIN_LABEL_TITLE_WORDS;
                if (!headline && (i < firstProse || Debris.wordCount(segment) <= 2)) {
                    continue;
                }
            }
            kept.add(segment);
            keptKinds.add(kind);
        }
        return withTitle(kept, keptKinds, blankToNull(knownTitle));
    }

    private static CleanText withTitle(List<String> kept, List<Kind> kinds, String knownTitle) {
        if (kept.isEmpty()) {
            return new CleanText(knownTitle, "");
        }
        String first = kept.getFirst();
        boolean headline = first.length() < MAX_TITLE_LINE && !ENDS_PERIOD.matcher(first).find();
        String title;
        if (knownTitle != null) {
            title = knownTitle;
            if (headline && kept.size() > 1 && sameTitle(first, knownTitle)) {
                kept.removeFirst();
            }
        } else if (headline) {
            title = first;
            if (kept.size() > 1) {
                kept.removeFirst();
            }
        } else {
            int prose = kinds.indexOf(Kind.PROSE);
            title = Titles.fromFirstSentence(kept.get(Math.max(prose, 0)));
        }
        return new CleanText(title, String.join("\n\n", kept));
    }

    /** Normalised physical lines: trimmed, single-spaced, debris tokens removed; "" for blank. */
    static List<String> lines(String raw) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
        text = LINE_BREAKS.matcher(text).replaceAll("\n");
        text = INVISIBLE.matcher(text).replaceAll("");
        text = SPACES.matcher(text).replaceAll(" ");
        text = CONTROLS.matcher(text).replaceAll("");
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        lines.replaceAll(line -> Debris.withoutDebrisTokens(SPACE_RUN.matcher(line).replaceAll(" ").strip()));
        return lines;
    }

    private static void removeDateHeaders(List<String> lines) {
        int seen = 0;
        for (int i = 0; i < lines.size() && seen < DATE_HEADER_LINES; i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            seen++;
            int header = DateForms.labeledPrefixLength(line);
            if (header > 0) {
                lines.set(i, line.substring(header).strip());
            }
        }
    }

    private static List<String> joinDatelines(List<String> segments) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (i + 1 < segments.size() && DATELINE_ONLY.matcher(segment).matches()) {
                out.add(segment + " " + segments.get(++i));
            } else {
                out.add(segment);
            }
        }
        return out;
    }

    /** Same headline up to case and punctuation, or one is the other with a suffix (site name). */
    static boolean sameTitle(String a, String b) {
        String x = NOT_ALNUM.matcher(a.toLowerCase(Locale.ROOT)).replaceAll("");
        String y = NOT_ALNUM.matcher(b.toLowerCase(Locale.ROOT)).replaceAll("");
        return !x.isEmpty() && !y.isEmpty() && (x.startsWith(y) || y.startsWith(x));
    }

    private static String blankToNull(String title) {
        if (title == null) {
            return null;
        }
        String collapsed = title.replaceAll("\\s+", " ").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }
}
