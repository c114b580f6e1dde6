package io.newswatch.ingest.files;

import io.newswatch.ingest.IngestException;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decides whether a file's bytes are text, and in which encoding. News files arrive as UTF-8 (by
 * far the most common), occasionally as Windows-1252 (old Windows tools, some agencies), rarely as
 * UTF-16 with a byte-order mark; anything else is binary and is refused rather than indexed as
 * garbage that could trip rules.
 *
 * <ul>
 *   <li>A UTF-16 byte-order mark means UTF-16; a UTF-8 one is skipped.</li>
 *   <li>A NUL byte means binary: no text encoding newswatch reads uses it.</li>
 *   <li>Bytes that are valid UTF-8 are UTF-8. So is a file with a few broken sequences among many
 *       valid multi-byte characters (at most one bad per {@value #VALID_PER_INVALID} good): a
 *       damaged UTF-8 file, decoded with U+FFFD for the broken bytes. (Windows-1252 text almost
 *       never contains valid UTF-8 sequences by accident: it would need pairs like "Ã©".)</li>
 *   <li>Otherwise the bytes are Windows-1252, which decodes every byte but five.</li>
 *   <li>Either way, more than {@value #MAX_CONTROL_PERCENT}% control characters or undecodable bytes
 *       means binary after all.</li>
 * </ul>
 */
final class TextDecoder {
    static final int VALID_PER_INVALID = 3;
    static final int MAX_CONTROL_PERCENT = 1;
    static final String TEXT_HINT = "newswatch reads UTF-8 or Windows-1252 text files — remove it or convert it to text";
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextDecoder() {}

    static String decode(Path file, byte[] bytes) throws IngestException {
        int n = bytes.length;
        if (n >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return checked(file, new String(bytes, 2, n - 2, StandardCharsets.UTF_16BE), 0);
        }
        if (n >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return checked(file, new String(bytes, 2, n - 2, StandardCharsets.UTF_16LE), 0);
        }
        int start = n >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < n; i++) {
            if (bytes[i] == 0) {
                throw new IngestException(file, "binary file (NUL byte at offset " + i + "); " + TEXT_HINT);
            }
        }
        int valid = 0;
        int invalid = 0;
        for (int i = start; i < n; ) {
            int c = bytes[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            boolean ok = length > 0 && i + length <= n;
            for (int k = 1; ok && k < length; k++) {
                ok = (bytes[i + k] & 0xC0) == 0x80;
            }
            if (ok) {
                valid++;
                i += length;
            } else {
                invalid++;
                i++;
            }
        }
        if (invalid == 0 || (valid > 0 && invalid * VALID_PER_INVALID <= valid)) {
            return checked(file, new String(bytes, start, n - start, StandardCharsets.UTF_8), invalid);
        }
        int undefined = 0;
        for (int i = start; i < n; i++) {
            int c = bytes[i] & 0xFF;
            if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) {
                undefined++;
            }
        }
        return checked(file, new String(bytes, start, n - start, WINDOWS_1252), undefined);
    }

    /** Refuses text with too many control characters plus {@code undecodable} bytes. */
    private static String checked(Path file, String text, int undecodable) throws IngestException {
        long bad = undecodable;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0B) || (c >= 0x7F && c <= 0x9F) || c == 0) {
                bad++;
            }
        }
        if (bad * 100 > (long) MAX_CONTROL_PERCENT * Math.max(1, text.length())) {
            String percent = String.format(Locale.ROOT, "%.1f", 100.0 * bad / Math.max(1, text.length()));
            throw new IngestException(file, "binary file (" + percent + "% of its characters are control codes or undecodable bytes); "
                    + TEXT_HINT);
        }
        return text;
    }
}
