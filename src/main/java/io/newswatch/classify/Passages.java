package io.newswatch.classify;

import io.newswatch.document.Document;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.Match;
import io.newswatch.matching.SentenceSplitter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The passages a passage classifier reads for one match: for each word the query matched, in
 * document order, the sentence it stands in with the sentence before and the one after (sentences
 * as {@link SentenceSplitter} finds them, so as {@code NEAR/S} sees them), at most {@link #MAX_CHARS}
 * characters. A matched word in the title gives the title. Distinct passages only, the first
 * {@link #MAX_PASSAGES} of them: a long story's later hits add cost, rarely a different verdict.
 */
public final class Passages {
    /** Most passages read per match. */
    public static final int MAX_PASSAGES = 4;
    /** Most characters of one passage (the model reads about 256 word pieces). */
    public static final int MAX_CHARS = 1_000;
    /** Sentences taken before and after the hit's own. */
    public static final int AROUND = 1;

    private Passages() {}

    public static List<String> of(Document document, Match match) {
        String title = document.title() == null ? "" : document.title().strip();
        String body = document.body() == null ? "" : document.body();
        List<Highlight> hits = new ArrayList<>(match.highlights());
        // title first, then body hits by offset: a fixed order whatever order the matcher reported
        hits.sort((a, b) -> a.field().equals(b.field()) ? Integer.compare(a.start(), b.start())
                : a.field().equals("title") ? -1 : b.field().equals("title") ? 1 : a.field().compareTo(b.field()));
        int[] starts = bodySentenceStarts(body);
        Set<String> passages = new LinkedHashSet<>();
        for (Highlight hit : hits) {
            if (passages.size() >= MAX_PASSAGES) {
                break;
            }
            String passage;
            if (hit.field().equals("body")) {
                passage = around(body, starts, hit.start(), hit.end());
            } else if (hit.field().equals("title")) {
                passage = title;
            } else {
                continue;
            }
            passage = clean(passage);
            if (!passage.isEmpty()) {
                passages.add(passage);
            }
        }
        if (passages.isEmpty()) { // a match without highlights (should not happen): the title and the opening
            String opening = clean((title + ". " + body));
            passages.add(opening.length() > MAX_CHARS ? opening.substring(0, MAX_CHARS) : opening);
        }
        return List.copyOf(passages);
    }

    /** Sentence start offsets of the body, the first sentence's (0) included. */
    private static int[] bodySentenceStarts(String body) {
        int[] rest = SentenceSplitter.starts(body);
        int[] starts = new int[rest.length + 1];
        System.arraycopy(rest, 0, starts, 1, rest.length);
        return starts;
    }

    /** The hit's sentence and {@link #AROUND} either side, cut to {@link #MAX_CHARS} around the hit. */
    static String around(String body, int[] starts, int hitStart, int hitEnd) {
        int from = Math.max(0, Math.min(hitStart, body.length()));
        int sentence = Arrays.binarySearch(starts, from);
        if (sentence < 0) {
            sentence = -sentence - 2;
        }
        sentence = Math.max(0, sentence);
        int first = Math.max(0, sentence - AROUND);
        int last = Math.min(starts.length - 1, sentence + AROUND);
        int start = starts[first];
        int end = last + 1 < starts.length ? starts[last + 1] : body.length();
        if (end - start > MAX_CHARS) { // centre the window on the hit
            int middle = (from + Math.min(hitEnd, body.length())) / 2;
            start = Math.max(start, middle - MAX_CHARS / 2);
            end = Math.min(end, start + MAX_CHARS);
            start = Math.max(starts[first], end - MAX_CHARS);
        }
        return body.substring(start, end);
    }

    private static String clean(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
