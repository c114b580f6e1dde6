package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the email and webhook notifier ({@code NEWSWATCH_NOTIFY_*}). Recipients themselves
 * live in {@code <rules-dir>/_recipients.yml}; SMTP is configured with the standard
 * {@code quarkus.mailer.*} settings ({@code QUARKUS_MAILER_HOST}, ...).
 */
@ConfigMapping(prefix = "newswatch.notify")
public interface NotificationsConfig {

    /** Off switch: when false no notifications are sent even if recipients are configured. */
    @WithDefault("true")
    boolean enabled();

    /** Topic the notifier reads alerts from (CloudEvents JSON, key = alert id). */
    @WithDefault("newswatch.alerts")
    String alertsTopic();

    /** The notifier's own consumer group, so its progress is independent of every other reader of the alerts. */
    @WithDefault("newswatch-notifier")
    String consumerGroup();

    /**
     * This instance's static member id in the consumer group ({@code group.instance.id}): a restarted
     * instance with the same id takes its partitions back at once, without waiting for its previous
     * session to expire. Must be stable across restarts and different for each instance. Unset: the
     * host name and the data directory, which meet both conditions.
     */
    Optional<String> instanceId();

    /**
     * How long the group waits for a silent instance (killed, hung) before another takes over its
     * notifications.
     */
    @WithDefault("15s")
    Duration sessionTimeout();

    /** Most alerts one notification lists; a bigger group is sent as several notifications. */
    @WithDefault("100")
    int maxAlertsPerNotification();

    /**
     * Compacted topic holding each notification, with its exact alerts and id, from before its first
     * attempt until it is delivered or dead-lettered: what a restart resends unchanged.
     */
    @WithDefault("newswatch.notifications.pending")
    String pendingTopic();

    /** Where notifications that cannot be delivered end up, with the reason. */
    @WithDefault("newswatch.notifications.dlq")
    String deadLetterTopic();

    /**
     * Compacted topic recording which alert each recipient already received (or had dead-lettered);
     * it is what keeps a restart from notifying anyone twice.
     */
    @WithDefault("newswatch.notifications.sent")
    String ledgerTopic();

    /**
     * How long ledger entries are kept. Must exceed the alerts topic's retention plus any time the
     * notifier may be down, or an alert re-read after that could be sent again.
     */
    @WithDefault("30d")
    Duration ledgerRetention();

    /** How long the first alert of a (rule, recipient) group waits for others before the notification goes out. */
    @WithDefault("30s")
    Duration groupWait();

    /** Minimum time between two notifications of the same (rule, recipient) group. */
    @WithDefault("5m")
    Duration groupInterval();

    /** First retry delay after a transient failure; doubled on each further failure (with jitter). */
    @WithDefault("1s")
    Duration retryInitialBackoff();

    /** Upper bound of one retry delay. */
    @WithDefault("10m")
    Duration retryMaxBackoff();

    /** After this long of transient failures a notification is dead-lettered instead of retried. */
    @WithDefault("24h")
    Duration retryGiveUpAfter();

    /** Time limit of one webhook request, connection included. */
    @WithDefault("10s")
    Duration webhookTimeout();

    /**
     * Addresses or CIDR ranges (e.g. {@code 127.0.0.1}, {@code 10.1.0.0/16}) that webhooks may
     * target although they are loopback, private or link-local. Empty: all such targets are refused.
     */
    Optional<List<String>> webhookAllowedAddresses();

    /** Time limit of one SMTP delivery (connect, dialogue and data). */
    @WithDefault("60s")
    Duration emailTimeout();

    /** How long shutdown waits for notifications being sent right then to finish. */
    @WithDefault("20s")
    Duration shutdownTimeout();
}
