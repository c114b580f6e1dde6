package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsrfTokensTest {
    final CsrfTokens tokens = new CsrfTokens("a key of thirty-two bytes, fixed".getBytes(StandardCharsets.UTF_8));

    @Test
    void theTokenOfACookieIsAccepted() {
        String nonce = tokens.newNonce();
        assertTrue(CsrfTokens.wellFormed(nonce), nonce);
        assertTrue(tokens.valid(nonce, tokens.token(nonce, null), null));
        assertTrue(tokens.valid(nonce, tokens.token(nonce, "Basic YWRtaW46eA=="), "Basic YWRtaW46eA=="));
    }

    @Test
    void aMissingOrWrongTokenIsRefused() {
        String nonce = tokens.newNonce();
        assertFalse(tokens.valid(nonce, null, null));
        assertFalse(tokens.valid(nonce, "", null));
        assertFalse(tokens.valid(nonce, "not-the-token", null));
        String token = tokens.token(nonce, null);
        assertFalse(tokens.valid(nonce, token.substring(1), null));
    }

    @Test
    void aTokenIsBoundToItsCookieAndItsCredentials() {
        String mine = tokens.newNonce();
        String theirs = tokens.newNonce();
        assertNotEquals(mine, theirs);
        assertFalse(tokens.valid(theirs, tokens.token(mine, null), null), "another browser's token");
        assertFalse(tokens.valid(null, tokens.token(mine, null), null), "no cookie");
        assertFalse(tokens.valid(mine, tokens.token(mine, "Basic YWRtaW46eA=="), "Basic b3RoZXI6eQ=="), "another user's token");
    }

    @Test
    void aTokenFromAnotherKeyIsRefused() {
        CsrfTokens restarted = CsrfTokens.withRandomKey();
        String nonce = tokens.newNonce();
        assertFalse(restarted.valid(nonce, tokens.token(nonce, null), null));
    }

    @Test
    void aMalformedCookieIsNeverValid() {
        assertFalse(CsrfTokens.wellFormed("short"));
        assertFalse(CsrfTokens.wellFormed("<script>alert(1)</script>xxxx"));
        assertFalse(tokens.valid("short", tokens.token("short", null), null));
        assertThrows(IllegalArgumentException.class, () -> new CsrfTokens(new byte[8]));
    }
}
