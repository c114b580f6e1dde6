package io.newswatch.broker;

import java.util.List;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import java.util.Optional;

/**
 * Every Kafka topic name newswatch uses, derived from configuration once (in {@code daemon.Producers})
 * and read from here by the topology, the notifier and the rule parser; also which names a rule may
 * not use as its topic.
 *
 * @param documents          documents in, read by the stream
 * @param alerts             every alert, written by the stream and read by the notifier
 *                           ({@code newswatch.notify.alerts-topic}, honoured on both sides)
 * @param deadLetter         notifications that could not be delivered
 * @param ledger             compacted record of deliveries made
 * @param streamsApplication Kafka Streams' {@code application.id}: its internal topics start with it and {@code -}
 * @param pending            compacted record of notifications saved before their first attempt, until done
 * @param stories            compacted, key = story id: each story's current state each time it changes
 */
public record Topics(String documents, String alerts, String deadLetter, String ledger, String streamsApplication, String pending, String stories) {
    public static final String DOCUMENTS = "newswatch.documents";
    public static final String ALERTS = "newswatch.alerts";
    public static final String DEAD_LETTER = "newswatch.notifications.dlq";
    public static final String LEDGER = "newswatch.notifications.sent";
    public static final String PENDING = "newswatch.notifications.pending";
    public static final String STREAMS_APPLICATION = "newswatch";
    public static final String STORIES = "newswatch.stories";
    /** Backfill requests: archived documents a new or changed {@code backfill:} rule is to be run over. */
    public static final String BACKFILL = "newswatch.backfill";
    /** Prefix of the per-rule alert topics, {@code newswatch.alerts.<rule id>}. */
    public static final String RULE_TOPIC_PREFIX = ALERTS + ".";

    /** The names used when nothing is configured. */
    public static final Topics DEFAULTS = new Topics(DOCUMENTS, ALERTS, DEAD_LETTER, LEDGER, STREAMS_APPLICATION, PENDING, STORIES);

    /** With the default pending-notifications and stories topics. */
    public Topics(String documents, String alerts, String deadLetter, String ledger, String streamsApplication) {
        this(documents, alerts, deadLetter, ledger, streamsApplication, PENDING, STORIES);
    }

    /** With the default stories topic. */
    public Topics(String documents, String alerts, String deadLetter, String ledger, String streamsApplication, String pending) {
        this(documents, alerts, deadLetter, ledger, streamsApplication, pending, STORIES);
    }

    /** The topic a rule's alerts go to when its file names none. */
    public static String ruleTopic(String ruleId) {
        return RULE_TOPIC_PREFIX + ruleId;
    }

    /** Backfill requests from the archive to the stream (docs/search.md, "Backfill"). */
    public String backfill() {
        return BACKFILL;
    }

    /** The topics newswatch itself writes and reads (not the per-rule ones). */
    public List<String> own() {
        return List.of(documents, alerts, deadLetter, ledger, pending, stories, backfill());
    }

    /**
     * Why a rule may not send its alerts to {@code topic}, or empty when it may: newswatch's own
     * topics, any other {@code newswatch.} name that is not a per-rule alert topic, Kafka's internal
     * {@code __} topics, Kafka Streams' changelog and repartition topics ({@code <application id>-...}),
     * and names that collide with any of these because Kafka treats {@code .} and {@code _} alike.
     */
    public Optional<String> reservedReason(String topic) {
        if (own().contains(topic)) {
            return Optional.of("it is newswatch's own topic");
        }
        if (topic.startsWith("__")) {
            return Optional.of("names starting with \"__\" are Kafka's internal topics");
        }
        if (topic.startsWith(streamsApplication + "-")) {
            return Optional.of("names starting with \"" + streamsApplication + "-\" are Kafka Streams' internal topics");
        }
        if (topic.startsWith("newswatch.") && !(topic.startsWith(RULE_TOPIC_PREFIX) && topic.length() > RULE_TOPIC_PREFIX.length())) {
            return Optional.of("names starting with \"newswatch.\" are reserved for newswatch, except " + RULE_TOPIC_PREFIX + "<name>");
        }
        String unified = Topic.unifyCollisionChars(topic);
        for (String mine : own()) {
            if (Topic.unifyCollisionChars(mine).equals(unified)) {
                return Optional.of("it collides with newswatch's topic " + mine + ": Kafka treats '.' and '_' in topic names alike");
            }
        }
        if (Topic.unifyCollisionChars(streamsApplication + "-").equals(unified.substring(0, Math.min(unified.length(), streamsApplication.length() + 1)))) {
            return Optional.of("it collides with Kafka Streams' internal topics (\"" + streamsApplication + "-\"): Kafka treats '.' and '_' alike");
        }
        if (unified.startsWith("newswatch_") && !(unified.startsWith("newswatch_alerts_") && unified.length() > "newswatch_alerts_".length())) {
            return Optional.of("it collides with the names reserved for newswatch (\"newswatch.\"): Kafka treats '.' and '_' in topic names alike");
        }
        return Optional.empty();
    }

    /**
     * Why Kafka would refuse {@code topic} as a topic name, or empty when it is legal: Kafka's own
     * check ({@code Topic.validate}: not empty, not {@code .} or {@code ..}, at most 249 characters
     * of letters, digits, {@code .}, {@code _} and {@code -}).
     */
    public static Optional<String> illegalReason(String topic) {
        try {
            Topic.validate(topic);
            return Optional.empty();
        } catch (InvalidTopicException e) {
            return Optional.of(e.getMessage());
        }
    }
}
