package io.newswatch.console;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF protection of the console's forms: a signed double-submit token. The browser gets a random
 * nonce in a {@code SameSite=Strict} cookie; each page with a form carries, in a hidden field, the
 * HMAC of that nonce and the request's credentials under a key drawn at start. A POST is accepted
 * only when its field is the HMAC of its own cookie: another site can neither read the field (same
 * origin policy) nor compute it (no key), and a cookie planted by a neighbour is useless without its
 * matching field. The key is not stored: after a restart, a reload of the page issues a fresh field.
 */
public final class CsrfTokens {
    /** The cookie holding the nonce. */
    public static final String COOKIE = "newswatch_csrf";
    /** The form field (or {@code X-CSRF-Token} header) holding the token. */
    public static final String FIELD = "csrf";
    public static final String HEADER = "X-CSRF-Token";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    public CsrfTokens(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a CSRF key needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** With a key of 32 random bytes, as the daemon uses. */
    public static CsrfTokens withRandomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new CsrfTokens(key);
    }

    /** A fresh nonce for the cookie. */
    public String newNonce() {
        byte[] nonce = new byte[18];
        random.nextBytes(nonce);
        return B64.encodeToString(nonce);
    }

    /** True when a cookie value is one this class could have issued (shape only). */
    public static boolean wellFormed(String nonce) {
        return nonce != null && nonce.matches("[A-Za-z0-9_-]{24}");
    }

    /**
     * The token for a nonce and the request's credentials (its {@code Authorization} header, or null
     * when the console is open): a token issued to one user is refused for another.
     */
    public String token(String nonce, String credentials) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            mac.update((credentials == null ? "" : credentials).getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** True when {@code token} is the token of the cookie's nonce for these credentials. */
    public boolean valid(String nonce, String token, String credentials) {
        if (!wellFormed(nonce) || token == null || token.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(nonce, credentials).getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
