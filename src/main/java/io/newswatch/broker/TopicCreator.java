package io.newswatch.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * The one place newswatch creates Kafka topics: the pipeline's and rules' topics (with
 * {@link #request}/{@link #ensure}), and, through {@link #createAndAwait} with the per-topic
 * settings of {@link #ledgerTopic}, {@link #pendingTopic} and {@link #deadLetterTopic}, the notifier's. Creates topics when missing. Topics wanted while Kafka is unreachable are kept and
 * retried by {@link #check()} on a timer, which also probes the cluster, giving operators one log
 * line per retry interval while Kafka is away and one when it is back.
 */
public final class TopicCreator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicCreator.class);

    private final Admin admin;
    private final String bootstrapServers;
    private final int partitions;
    private final short replicationFactor;
    private final Clock clock;
    private final Duration warningInterval;
    private final Set<String> missing = ConcurrentHashMap.newKeySet();
    /** Topics that need more than the defaults (partitions, compaction), by name. */
    private final Map<String, NewTopic> definitions = new ConcurrentHashMap<>();
    private final Map<String, String> rejected = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("newswatch-topics").factory());
    private final KafkaOutage outage = new KafkaOutage();
    private volatile boolean reachable = true;
    private Instant lastWarning = Instant.MIN;

    public TopicCreator(String bootstrapServers, int partitions, short replicationFactor, Clock clock, Duration warningInterval) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.clock = clock;
        this.warningInterval = warningInterval;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "newswatch-topics",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000));
    }

    /**
     * Asks for topics without waiting: they are created in the background now, and by {@link #check()}
     * later if Kafka is away. Used on rule reloads, which must never block on Kafka.
     */
    public void request(Collection<String> topics) {
        for (String topic : topics) {
            Optional<String> illegal = Topics.illegalReason(topic);
            if (illegal.isPresent()) {
                reject(topic, illegal.get());
            } else {
                rejected.remove(topic); // asked again (a rule edited): the broker gets another chance
                missing.add(topic);
            }
        }
        background.execute(this::check);
    }

    /** Like {@link #request(Collection)} for topics with their own settings (e.g. {@link #storiesTopic}). */
    public void requestDefined(Collection<NewTopic> topics) {
        topics.forEach(topic -> definitions.put(topic.name(), topic));
        request(topics.stream().map(NewTopic::name).toList());
    }

    /**
     * Why the broker (or Kafka's name rules) refused to create {@code topic}, for good: an illegal
     * name, a name colliding with an existing topic, a creation policy, missing rights. Empty while
     * the topic exists, is being created, or Kafka is merely away. The pipeline does not write to
     * a refused topic, so one rule's topic cannot stall every rule's alerts.
     */
    public Optional<String> refusal(String topic) {
        return Optional.ofNullable(rejected.get(topic));
    }

    /**
     * True while {@code topic} was asked for and is not known to exist yet (being created, or Kafka
     * away): a client should not ask the broker about it before, lest a broker that creates topics on
     * demand create it with its own defaults.
     */
    public boolean pending(String topic) {
        return missing.contains(topic);
    }

    private void reject(String topic, String reason) {
        missing.remove(topic);
        if (rejected.put(topic, reason) == null) {
            LOG.errorf("Kafka topic %s cannot be created (%s); alerts meant for it are written to the all-alerts topic only "
                    + "until the rule names another topic or the cluster allows it", topic, reason);
        }
    }

    /** Failures that asking again will not cure; anything else (timeouts, brokers still starting) is retried. */
    static boolean permanent(Throwable failure) {
        return failure instanceof InvalidTopicException
                || failure instanceof PolicyViolationException
                || failure instanceof TopicAuthorizationException
                || failure instanceof InvalidConfigurationException
                || failure instanceof InvalidPartitionsException;
    }

    /** Creates the topics now if Kafka answers; otherwise remembers them for {@link #check()}. */
    public boolean ensure(Collection<String> topics) {
        missing.addAll(topics);
        return check();
    }

    /**
     * The parts waiting for Kafka (file intake, notifier), reported in this creator's one line per
     * retry interval instead of lines of their own.
     */
    public KafkaOutage outage() {
        return outage;
    }

    /**
     * Creates the topics still missing, or probes the cluster; true when Kafka answered and every
     * wanted topic exists. While it fails, logs one line per retry interval naming everything that
     * waits ({@link #outage()}). When the cluster answers but a part still cannot get through (e.g.
     * too few in-sync replicas), says so instead, with that part's error.
     */
    public synchronized boolean check() {
        String failure = missing.isEmpty() ? probe() : createMissing();
        if (failure == null) {
            if (!reachable) {
                LOG.infof("Kafka at %s is reachable again", bootstrapServers);
            }
            reachable = true;
            if (!outage.isEmpty() && due()) {
                LOG.warnf("Kafka at %s answers, but not every part gets through; retrying in %d s (waiting: %s)",
                        bootstrapServers, warningInterval.toSeconds(), outage.summary());
            }
            return true;
        }
        reachable = false;
        if (due()) {
            String waiting = missing.isEmpty() ? outage.summary()
                    : "topics" + (outage.isEmpty() ? "" : ", " + outage.summary());
            LOG.warnf("Kafka at %s is unreachable (%s); retrying in %d s (waiting: %s)",
                    bootstrapServers, failure, warningInterval.toSeconds(), waiting.isEmpty() ? "nothing" : waiting);
        }
        return false;
    }

    /** One warning per retry interval at most. */
    private boolean due() {
        // A tenth of the interval of slack: checks run at a fixed rate, but each may end a little
        // earlier or later than the one before, and one line per interval must not become one per two.
        if (clock.instant().isBefore(lastWarning.plus(warningInterval.minus(warningInterval.dividedBy(10))))) {
            return false;
        }
        lastWarning = clock.instant();
        return true;
    }

    private String probe() {
        try {
            admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private String createMissing() {
        List<NewTopic> wanted = missing.stream()
                .map(t -> definitions.getOrDefault(t, new NewTopic(t, partitions, replicationFactor))).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(wanted).values();
        List<String> created = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (NewTopic topic : wanted) {
            try {
                results.get(topic.name()).get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                LOG.infof("created Kafka topic %s (%d partitions, replication factor %d)", topic.name(),
                        topic.numPartitions() < 0 ? partitions : topic.numPartitions(),
                        topic.replicationFactor() < 0 ? replicationFactor : topic.replicationFactor());
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    created.add(topic.name());
                } else if (permanent(e.getCause())) {
                    reject(topic.name(), message(e.getCause()));
                } else {
                    failures.add(topic.name() + ": " + message(e.getCause()));
                }
            } catch (TimeoutException e) {
                return "cannot create Kafka topics: no answer within 10 s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while creating Kafka topics";
            }
        }
        try {
            awaitLeaders(admin, created, deadline, Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        created.forEach(missing::remove);
        return failures.isEmpty() ? null : "cannot create Kafka topics: " + String.join("; ", failures);
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        background.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }

    /** The replication factor every topic newswatch creates gets ({@code NEWSWATCH_KAFKA_REPLICATION_FACTOR}). */
    public short replicationFactor() {
        return replicationFactor;
    }

    /**
     * The delivery ledger: one partition, compacted (latest entry per alert and recipient) and
     * deleted after {@code retention}, with {@code replicationFactor} copies.
     */
    public static NewTopic ledgerTopic(String name, Duration retention, short replicationFactor) {
        return new NewTopic(name, Optional.of(1), Optional.of(replicationFactor)).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
    }

    /**
     * The pending notifications: one partition, compacted (an entry lives until its tombstone), with
     * records up to {@code maxRecordBytes} (a notification with all its alerts), with
     * {@code replicationFactor} copies.
     */
    public static NewTopic pendingTopic(String name, int maxRecordBytes, short replicationFactor) {
        return new NewTopic(name, Optional.of(1), Optional.of(replicationFactor)).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes)));
    }

    /**
     * {@code newswatch.stories}: one partition (one clustering task writes it, in story order) and
     * compacted, so a reader gets every story's latest state; no time-based deletion; with
     * {@code replicationFactor} copies.
     */
    public static NewTopic storiesTopic(String name, short replicationFactor) {
        return new NewTopic(name, Optional.of(1), Optional.of(replicationFactor)).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /**
     * A rule's own alert topic: {@code partitions} partitions ({@code NEWSWATCH_KAFKA_RULE_PARTITIONS},
     * default 1: each partition a transaction writes to costs a commit marker), default retention,
     * {@code replicationFactor} copies.
     */
    public static NewTopic ruleTopic(String name, int partitions, short replicationFactor) {
        return new NewTopic(name, Optional.of(partitions), Optional.of(replicationFactor));
    }

    /** The dead-letter topic: one partition, default retention, {@code replicationFactor} copies. */
    public static NewTopic deadLetterTopic(String name, short replicationFactor) {
        return new NewTopic(name, Optional.of(1), Optional.of(replicationFactor));
    }

    // --- creating topics once, waiting for their leaders (restarts and pre-created topics are fine) ---

    /** Default for how long {@link #createAndAwait} waits for the cluster. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 50;


    /** {@link #createAndAwait(Admin, Collection, Duration)} with a short-lived admin client for {@code bootstrapServers}. */
    public static void createAndAwait(String bootstrapServers, Collection<NewTopic> topics) {
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(conf)) {
            createAndAwait(admin, topics, DEFAULT_TIMEOUT);
        }
    }

    /** {@link #createAndAwait(Admin, Collection, Duration)} with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
    public static void createAndAwait(Admin admin, Collection<NewTopic> topics) {
        createAndAwait(admin, topics, DEFAULT_TIMEOUT);
    }

    /**
     * Creates each topic that does not exist yet, then waits until every topic has a leader for each
     * partition, so that producers started right after do not race the topic's creation.
     *
     * @throws IllegalStateException naming each topic that could not be created and why, or when the
     *     cluster did not answer within {@code timeout}
     */
    public static void createAndAwait(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // A topic named twice is created once, from its first definition.
        Map<String, NewTopic> unique = new LinkedHashMap<>();
        topics.forEach(topic -> unique.putIfAbsent(topic.name(), topic));
        Map<String, KafkaFuture<Void>> results = admin.createTopics(unique.values()).values();
        List<String> names = List.copyOf(unique.keySet());
        List<String> failures = new ArrayList<>();
        for (NewTopic topic : unique.values()) {
            try {
                results.get(topic.name()).get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                LOG.infof("created Kafka topic %s (%s partitions, replication factor %s)", topic.name(),
                        topic.numPartitions() < 0 ? "default" : String.valueOf(topic.numPartitions()),
                        topic.replicationFactor() < 0 ? "default" : String.valueOf(topic.replicationFactor()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    LOG.debugf("Kafka topic %s exists already", topic.name());
                } else {
                    failures.add(topic.name() + ": " + message(e.getCause()));
                }
            } catch (TimeoutException e) {
                throw noAnswer(names, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating Kafka topics " + names);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("cannot create Kafka topics: " + String.join("; ", failures));
        }
        awaitLeaders(admin, names, deadline, timeout);
    }

    private static void awaitLeaders(Admin admin, List<String> names, long deadline, Duration timeout) {
        while (!names.isEmpty()) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                if (described.values().stream().allMatch(TopicCreator::hasLeaders)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe Kafka topics " + names + ": " + message(e.getCause()));
                }
            } catch (TimeoutException e) {
                throw noAnswer(names, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka topics " + names);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("Kafka topics " + names + " have no partition leader after "
                        + timeout.toSeconds() + " s; check the brokers' health");
            }
            sleep(POLL_MILLIS);
        }
    }

    private static boolean hasLeaders(TopicDescription topic) {
        return !topic.partitions().isEmpty()
                && topic.partitions().stream().map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty());
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** The cluster did not answer in time (rather than refusing): retry later, and report it as Kafka being away. */
    public static final class NoAnswerException extends IllegalStateException {
        NoAnswerException(String message) {
            super(message);
        }
    }

    private static IllegalStateException noAnswer(List<String> names, Duration timeout) {
        return new NoAnswerException("Kafka did not answer within " + timeout.toSeconds() + " s while creating topics "
                + names + "; check that KAFKA_BOOTSTRAP_SERVERS points at a running cluster");
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka topics");
        }
    }

}
