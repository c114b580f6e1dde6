package io.newswatch.matching;

import java.util.List;

/**
 * The short excerpt shown with an alert: about {@code length} characters of the text around the
 * place with the most hits, whitespace collapsed to single spaces, cut between words, with
 * {@code …} where text was left out. Readers judge an alert from this, so it shows the evidence,
 * not the article's first lines.
 */
public final class Snippet {
    public static final String ELLIPSIS = "…";

    private Snippet() {}

    /** A hit to centre on: {@code start} inclusive, {@code end} exclusive, offsets into the text. */
    public record Span(int start, int end) {}

    /**
     * @param text   the text to cut from (the document body, or its title when the body is empty)
     * @param hits   hit offsets in {@code text}; when empty the snippet is the start of the text
     * @param length the most characters of text to keep, not counting the ellipses
     */
    public static String around(String text, List<Span> hits, int length) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return around(Collapsed.of(text), hits, length);
    }

    /** As {@link #around(String, List, int)}, on a text collapsed once for all the snippets of one document. */
    static String around(Collapsed collapsed, List<Span> hits, int length) {
        String flat = collapsed.text();
        if (flat.isEmpty()) {
            return "";
        }
        int limit = Math.max(1, length);
        if (flat.length() <= limit) {
            return flat;
        }
        int[] centre = bestWindow(collapsed, hits, limit);
        int start = Math.max(0, centre[0] - limit / 2);
        int end = Math.min(flat.length(), start + limit);
        start = Math.max(0, end - limit);
        // A hit longer than the window (a long phrase) keeps its beginning in view.
        if (centre[1] < start) {
            start = centre[1];
            end = Math.min(flat.length(), start + limit);
        }
        if (start > 0 && !isBreak(flat, start - 1) && !isBreak(flat, start)) {
            int space = flat.indexOf(' ', start);
            start = space < 0 || space >= end ? start : space + 1;
        }
        if (end < flat.length() && !isBreak(flat, end - 1) && !isBreak(flat, end)) {
            int space = flat.lastIndexOf(' ', end - 1);
            end = space <= start ? end : space;
        }
        String cut = flat.substring(start, end).strip();
        return (start > 0 ? ELLIPSIS : "") + cut + (end < flat.length() ? ELLIPSIS : "");
    }

    /**
     * Chooses the hit whose window of {@code limit} characters holds the most hits (the earliest
     * on a tie); returns its centre and its start in the collapsed text.
     */
    private static int[] bestWindow(Collapsed collapsed, List<Span> hits, int limit) {
        int n = hits == null ? 0 : hits.size();
        if (n == 0) {
            return new int[] {limit / 2, 0};
        }
        int[] starts = new int[n];
        int[] ends = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = collapsed.map(hits.get(i).start());
            ends[i] = Math.max(starts[i], collapsed.map(hits.get(i).end()));
        }
        int best = -1;
        int bestCount = -1;
        for (int i = 0; i < n; i++) {
            int centre = (starts[i] + ends[i]) / 2;
            int from = centre - limit / 2;
            int to = from + limit;
            int count = 0;
            for (int j = 0; j < n; j++) {
                if (starts[j] >= from && ends[j] <= to) {
                    count++;
                }
            }
            if (count > bestCount || (count == bestCount && starts[i] < starts[best])) {
                best = i;
                bestCount = count;
            }
        }
        return new int[] {(starts[best] + ends[best]) / 2, starts[best]};
    }

    private static boolean isBreak(String s, int i) {
        return s.charAt(i) == ' ';
    }

    /** The text with runs of whitespace made single spaces and ends trimmed, and where each original offset went. */
    record Collapsed(String text, int[] offsets) {
        static Collapsed of(String raw) {
            StringBuilder out = new StringBuilder(raw.length());
            int[] offsets = new int[raw.length() + 1];
            boolean pendingSpace = false;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    pendingSpace = out.length() > 0;
                    offsets[i] = out.length();
                    continue;
                }
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                offsets[i] = out.length();
                out.append(c);
            }
            offsets[raw.length()] = out.length();
            return new Collapsed(out.toString(), offsets);
        }

        int map(int rawOffset) {
            return offsets[Math.max(0, Math.min(rawOffset, offsets.length - 1))];
        }
    }
}
