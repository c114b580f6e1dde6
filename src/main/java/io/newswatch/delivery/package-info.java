/**
 * Notifications from alerts to recipients, one stage per class, in this order:
 * {@code AlertConsumer} (the consumer-group member: poll, commit, rebalance; {@code SingleOwnerAssignor}
 * gives one instance all partitions) → {@code AlertIntake} (decode, recipients) → {@code LedgerCheck}
 * (already delivered? already on its way?) → {@code AlertGrouper} (per recipient and rule) →
 * {@code NotificationSplitter} (at most N alerts) → {@code PendingNotifications} (saved before the
 * first attempt) → {@code CourierDispatch} / {@code RecipientCourier} (one thread per recipient:
 * send, retry with {@code Backoff}, split when too large, dead-letter) → {@code DeliveryLedger} →
 * pending entry removed → offsets committed. {@code PartitionHandover} moves work in (ledger
 * caught up, pending resent unchanged) and out (withdrawn) on rebalances; {@code Notifier} runs it
 * all. Channels (email, webhook) say whether a failure is retryable, permanent or "too large".
 */
package io.newswatch.delivery;
