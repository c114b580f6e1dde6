/**
 * Notifications from alerts to recipients: the notifier reads the alerts topic, groups alerts per recipient, hands them to a courier per recipient (channels: email, webhook), retries with backoff, dead-letters what cannot be delivered, records each delivery in the ledger topic, then commits the offsets. Channels say whether a failure is retryable or permanent.
 */
package io.newswatch.delivery;
