package io.newswatch.delivery.webhook;

import io.newswatch.delivery.WebhookSecret;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests per the Standard Webhooks specification: {@code webhook-signature} is
 * {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), so any receiver
 * using a Standard Webhooks (or Svix) library can verify what we send.
 */
public final class WebhookSigner {
    private final byte[] key;

    public WebhookSigner(WebhookSecret secret) {
        this.key = secret.key();
    }

    /**
     * @param messageId        the {@code webhook-id} header: the notification id, the same on every retry
     * @param timestampSeconds the {@code webhook-timestamp} header: Unix seconds of this attempt
     */
    public String sign(String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
