package io.newswatch.document;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Document ids are content addresses, so the same article read twice (a restart, a re-polled
 * feed, a copied file) gets the same id and is deduplicated downstream.
 */
public final class DocumentIds {
    private DocumentIds() {}

    /** For feed items: SHA-256 of the canonical URL (or of the guid when there is no link). */
    public static String forUrl(String canonicalUrl) {
        return sha256(canonicalUrl);
    }

    /** For files: SHA-256 of the normalized (cleaned) text, so re-saving a file unchanged keeps its id. */
    public static String forText(String normalizedText) {
        return sha256(normalizedText);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
