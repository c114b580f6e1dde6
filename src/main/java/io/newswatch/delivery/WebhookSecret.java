package io.newswatch.delivery;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by base64 of 24 to 64 random bytes.
 * The HMAC key is the decoded bytes, not the text, which is the detail receivers most often get
 * wrong; keeping the decoding in one place keeps our signatures verifiable by their libraries.
 * {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    public static final int MIN_BYTES = 24;
    public static final int MAX_BYTES = 64;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Reads a secret with or without the {@code whsec_} prefix (as the reference libraries do).
     *
     * @throws IllegalArgumentException saying what is wrong, without echoing the secret
     */
    public static WebhookSecret parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the secret is empty");
        }
        String encoded = text.strip();
        if (encoded.startsWith(PREFIX)) {
            encoded = encoded.substring(PREFIX.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret is not " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("the secret decodes to " + key.length + " bytes; it must be "
                    + MIN_BYTES + " to " + MAX_BYTES + " (e.g. " + PREFIX + "$(openssl rand -base64 32))");
        }
        return new WebhookSecret(key);
    }

    /** A copy of the HMAC key. */
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + key.length + " bytes]";
    }
}
