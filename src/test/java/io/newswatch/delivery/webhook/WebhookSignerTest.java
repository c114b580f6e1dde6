package io.newswatch.delivery.webhook;

import io.newswatch.delivery.WebhookSecret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void reproducesTheStandardWebhooksTestVector() {
        var signer = new WebhookSigner(WebhookSecret.parse(SECRET));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theWhsecPrefixIsOptional() {
        assertEquals(WebhookSecret.parse(SECRET), WebhookSecret.parse(SECRET.substring("whsec_".length())));
    }

    @Test
    void anIndependentVerifierAcceptsOurSignatureAndRejectsATamperedBody() {
        var signer = new WebhookSigner(WebhookSecret.parse(SECRET));
        byte[] body = "{\"type\":\"io.newswatch.notification.v1\"}".getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        var headers = Map.of("webhook-id", "abc", "webhook-timestamp", Long.toString(now),
                "webhook-signature", signer.sign("abc", now, body));
        var verifier = new StandardWebhookVerifier(SECRET, Duration.ofMinutes(5));
        assertNull(verifier.problem(headers, body, Instant.now()));
        byte[] tampered = "{\"type\":\"io.newswatch.notification.v2\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("no matching v1 signature", verifier.problem(headers, tampered, Instant.now()));
    }

    @Test
    void secretsThatAreNotBase64OrTooShortAreRefusedWithoutEchoingThem() {
        var notBase64 = assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_%%%secret%%%"));
        assertFalse(notBase64.getMessage().contains("secret%%%"));
        var tooShort = assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse("whsec_c2hvcnQ="));
        assertTrue(tooShort.getMessage().contains("decodes to 5 bytes"), tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.parse(" "));
    }

    @Test
    void theSecretNeverShowsInToString() {
        assertEquals("WebhookSecret[24 bytes]", WebhookSecret.parse(SECRET).toString());
    }
}
