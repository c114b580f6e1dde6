package io.newswatch.archive;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;

/**
 * A position in a sorted listing, handed to clients as an opaque string: the sort values of the
 * last record returned (time or score, then the record's unique key). Paging by values rather than
 * by page number stays correct while records are added or deleted between requests: each record
 * appears at most once and none is skipped that was there throughout.
 */
record Cursor(String order, long time, float score, String key) {
    private static final String VERSION = "c1";

    static Cursor after(String order, FieldDoc last) {
        Object first = last.fields[0];
        String key = ((BytesRef) last.fields[1]).utf8ToString();
        if (first instanceof Float f) {
            return new Cursor(order, 0, f, key);
        }
        return new Cursor(order, (Long) first, 0, key);
    }

    String encode() {
        String plain = String.join("\n", VERSION, order, Long.toString(time), Integer.toString(Float.floatToIntBits(score)), key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text, String expectedOrder) throws ArchiveRequestException {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw invalid();
        }
        if (!parts[1].equals(expectedOrder)) {
            throw new ArchiveRequestException("cursor", "this cursor belongs to a listing ordered by " + parts[1]
                    + "; repeat the request with the same parameters as the page it came from");
        }
        try {
            return new Cursor(parts[1], Long.parseLong(parts[2]), Float.intBitsToFloat(Integer.parseInt(parts[3])), parts[4]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /**
     * The FieldDoc to search after; {@code byScore} says whether the first sort value is the score.
     * The doc id is the reader's last, so that the record the cursor names (same sort values)
     * is not returned again; the key is unique, so no other record ties with it.
     */
    FieldDoc toFieldDoc(boolean byScore, int maxDoc) {
        Object first = byScore ? (Object) score : (Object) time;
        return new FieldDoc(Math.max(0, maxDoc - 1), byScore ? score : Float.NaN, new Object[] {first, new BytesRef(key)});
    }

    private static ArchiveRequestException invalid() {
        return new ArchiveRequestException("cursor", "cursor is not one this server handed out; use the nextCursor of the previous page, or leave it out to start from the top");
    }
}
