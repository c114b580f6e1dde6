package io.newswatch.ingest.feeds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Set;

import com.rometools.rome.io.XmlReader;

/**
 * Turns a feed body into text. Rome's {@link XmlReader} picks the encoding the standards way
 * (BOM, then HTTP charset, then the XML declaration), but publishers often declare one encoding
 * and send another; decoding strictly and falling back keeps "Café" from becoming "Caf\uFFFD" or
 * "CafÃ©".
 */
final class FeedText {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Set<Charset> SINGLE_BYTE_LATIN = Set.of(StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII, WINDOWS_1252);

    /**
     * @param text    the decoded document, without a byte-order mark
     * @param charset the encoding used
     * @param note    what was done when the declared encoding was wrong, else {@code null}
     */
    record Decoded(String text, Charset charset, String note) {}

    private FeedText() {}

    static Decoded decode(byte[] body, String contentType) {
        Charset wide = wideEncoding(body);
        if (wide != null) {
            String text = strict(body, wide);
            if (text != null) {
                return new Decoded(stripBom(text), wide, null);
            }
        }
        Charset declared = declaredCharset(body, contentType);
        String text = strict(body, declared);
        if (text != null) {
            if (SINGLE_BYTE_LATIN.contains(declared) && hasMultiByteUtf8(body)) {
                String utf8 = strict(body, StandardCharsets.UTF_8);
                if (utf8 != null) {
                    return new Decoded(stripBom(utf8), StandardCharsets.UTF_8,
                            "declared " + declared.name() + " but the content is UTF-8; read as UTF-8");
                }
            }
            return new Decoded(stripBom(text), declared, null);
        }
        if (!declared.equals(StandardCharsets.UTF_8)) {
            String utf8 = strict(body, StandardCharsets.UTF_8);
            if (utf8 != null) {
                return new Decoded(stripBom(utf8), StandardCharsets.UTF_8,
                        "declared " + declared.name() + " but the content is UTF-8; read as UTF-8");
            }
        }
        String latin = WINDOWS_1252.decode(ByteBuffer.wrap(body)).toString();
        return new Decoded(stripBom(latin), WINDOWS_1252,
                "declared " + declared.name() + " but the content is not valid " + declared.name() + "; read as windows-1252");
    }

    /**
     * UTF-32 (with or without byte-order mark) and UTF-16 without one, told apart by where the
     * zero bytes of the leading {@code <} (or whitespace) fall, as XML 1.0 Appendix F describes;
     * Rome's reader only knows UTF-16 with a BOM or big-endian. {@code null} for everything else.
     */
    static Charset wideEncoding(byte[] b) {
        if (b.length < 4) {
            return null;
        }
        int b0 = b[0] & 0xFF, b1 = b[1] & 0xFF, b2 = b[2] & 0xFF, b3 = b[3] & 0xFF;
        if (b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF || b0 == 0 && b1 == 0 && b2 == 0 && b3 != 0) {
            return Charset.forName("UTF-32BE");
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0 || b0 != 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            return Charset.forName("UTF-32LE");
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (b0 == 0xFE && b1 == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (b0 != 0 && b1 == 0 && b2 != 0 && b3 == 0) {
            return StandardCharsets.UTF_16LE;
        }
        if (b0 == 0 && b1 != 0 && b2 == 0 && b3 != 0) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static Charset declaredCharset(byte[] body, String contentType) {
        String name;
        try (XmlReader reader = contentType == null
                ? new XmlReader(new ByteArrayInputStream(body), true)
                : new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            name = reader.getEncoding();
        } catch (IOException | RuntimeException e) {
            name = "UTF-8";
        }
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static String strict(byte[] body, Charset charset) {
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * True when the bytes contain at least one well-formed multi-byte UTF-8 sequence; in text
     * really encoded as Latin-1 such sequences ("Ã©") are practically never meant.
     */
    private static boolean hasMultiByteUtf8(byte[] body) {
        for (int i = 0; i < body.length - 1; i++) {
            int b = body[i] & 0xFF;
            if (b >= 0xC2 && b <= 0xF4 && (body[i + 1] & 0xC0) == 0x80) {
                return true;
            }
        }
        return false;
    }

    private static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }
}
