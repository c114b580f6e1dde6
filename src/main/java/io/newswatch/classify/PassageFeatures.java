package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Turns a match into the features the classifier reads: the words and word pairs of the passages
 * around the words the query matched (each highlight's sentence, at most {@link #REACH} characters
 * either side), the title's words, and the matched words themselves. Numbers become {@code #}.
 * Features are hashed into {@link #DIMENSIONS} slots with {@link String#hashCode()} (specified by
 * the Java language, so the same on every machine) and the vector is scaled to length 1.
 */
public final class PassageFeatures {
    /** Number of feature slots (a power of two). */
    public static final int DIMENSIONS = 1 << 18;
    /** Most characters a passage reaches before or after a matched word when no sentence end comes first. */
    public static final int REACH = 240;

    private PassageFeatures() {}

    /** A sparse vector: slot indexes, ascending, and their values. */
    public record Vector(int[] indexes, double[] values) {}

    public static Vector of(Document document, Match match) {
        String title = document.title() == null ? "" : document.title();
        String body = document.body() == null ? "" : document.body();
        TreeMap<Integer, Double> counts = new TreeMap<>();
        for (String word : words(title)) {
            add(counts, "t:" + word);
        }
        List<int[]> passages = new ArrayList<>();
        for (Highlight highlight : match.highlights()) {
            add(counts, "h:" + normalise(highlight.term()));
            if (highlight.field().equals("body")) {
                passages.add(passage(body, highlight.start(), highlight.end()));
            }
        }
        for (int[] span : merge(passages)) {
            List<String> words = words(body.substring(span[0], span[1]));
            for (int i = 0; i < words.size(); i++) {
                add(counts, "w:" + words.get(i));
                if (i > 0) {
                    add(counts, "b:" + words.get(i - 1) + " " + words.get(i));
                }
            }
        }
        int highlighted = match.highlights().size();
        add(counts, "n:" + (highlighted >= 8 ? "8+" : highlighted));
        int[] indexes = new int[counts.size()];
        double[] values = new double[counts.size()];
        double norm = 0;
        int i = 0;
        for (var entry : counts.entrySet()) {
            indexes[i] = entry.getKey();
            values[i] = 1.0; // presence, not counts: a long passage must not outweigh a short one
            norm += 1.0;
            i++;
        }
        double scale = norm == 0 ? 1 : 1 / Math.sqrt(norm);
        for (int j = 0; j < values.length; j++) {
            values[j] *= scale;
        }
        return new Vector(indexes, values);
    }

    private static void add(TreeMap<Integer, Double> counts, String feature) {
        counts.merge(feature.hashCode() & (DIMENSIONS - 1), 1.0, Double::sum);
    }

    /** The sentence around {@code [start, end)}, at most {@link #REACH} characters either side. */
    static int[] passage(String text, int start, int end) {
        int from = Math.max(0, Math.min(start, text.length()));
        int limit = Math.max(0, from - REACH);
        while (from > limit && !sentenceEnd(text, from - 1)) {
            from--;
        }
        int to = Math.min(text.length(), Math.max(end, from));
        int stop = Math.min(text.length(), to + REACH);
        while (to < stop && !sentenceEnd(text, to)) {
            to++;
        }
        return new int[] {from, Math.min(text.length(), to + (to < text.length() ? 1 : 0))};
    }

    private static boolean sentenceEnd(String text, int i) {
        char c = text.charAt(i);
        if (c == '\n' || c == '!' || c == '?') {
            return true;
        }
        // a full stop followed by a space ends a sentence; "U.S." and "3.5" do not
        return c == '.' && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1))
                && i > 0 && Character.isLowerCase(text.charAt(i - 1));
    }

    private static List<int[]> merge(List<int[]> spans) {
        List<int[]> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        List<int[]> merged = new ArrayList<>();
        for (int[] span : sorted) {
            if (!merged.isEmpty() && span[0] <= merged.getLast()[1]) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], span[1]);
            } else {
                merged.add(span.clone());
            }
        }
        return merged;
    }

    /** Lower-case words of letters and digits; a word holding a digit becomes {@code #}. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(normalise(text.substring(start, i)));
            }
        }
        return words;
    }

    private static String normalise(String word) {
        String lower = word.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return lower.chars().anyMatch(Character::isDigit) ? "#" : lower;
    }
}
