package io.newswatch.delivery;

import java.net.URI;

/**
 * Someone notifications go to, as named in {@code rules/_recipients.yml}. Rules refer to recipients
 * by {@link #name()}; the name is also what the delivery ledger and the logs use.
 */
public sealed interface Recipient {

    String name();

    /** True when rules without a {@code notify:} list notify this recipient. */
    boolean isDefault();

    /** One mailbox, reached over SMTP. */
    record Email(String name, String address, boolean isDefault) implements Recipient {}

    /**
     * An HTTP endpoint receiving signed JSON (Standard Webhooks).
     *
     * @param secretEnv the environment variable the secret was read from, for messages; the secret itself is never logged
     */
    record Webhook(String name, URI url, String secretEnv, WebhookSecret secret, boolean isDefault) implements Recipient {}
}
