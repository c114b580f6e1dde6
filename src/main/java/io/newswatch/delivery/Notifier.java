package io.newswatch.delivery;

import io.newswatch.broker.KafkaOutage;
import io.newswatch.broker.TopicCreator;
import io.newswatch.broker.Topics;
import io.newswatch.config.NotificationsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Runs the notification stages on one thread of their own, in this order: {@link AlertConsumer}
 * (poll) → {@link AlertIntake} (decode, recipients, {@link LedgerCheck}) → {@link AlertGrouper}
 * (wait for the group) → {@link NotificationSplitter} (at most N alerts each) →
 * {@link PendingNotifications} (saved before the first attempt) → {@link CourierDispatch} (one
 * {@link RecipientCourier} per recipient: send, retry, dead-letter, ledger) → commit of the offsets
 * whose deliveries are all done. {@link PartitionHandover} moves work in and out on rebalances.
 *
 * <p>So an alert's offset is committed only after every recipient's notification about it was
 * delivered or dead-lettered and the ledger says so, and a notification whose first attempt was
 * made is sent again after a crash with the same alerts and id.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifier.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Large enough for a notification of {@code max-alerts-per-notification} alerts at their largest. */
    static final int MAX_PENDING_RECORD_BYTES = 16 * 1024 * 1024;

    /** Everything the notifier needs besides recipients and channels; see {@link NotificationsConfig} for meanings. */
    public record Settings(
            String bootstrapServers,
            String alertsTopic,
            String consumerGroup,
            Optional<String> instanceId,
            Duration sessionTimeout,
            String deadLetterTopic,
            String ledgerTopic,
            String pendingTopic,
            Duration ledgerRetention,
            Duration groupWait,
            Duration groupInterval,
            int maxAlertsPerNotification,
            Backoff backoff,
            Duration shutdownTimeout,
            short replicationFactor) {

        /**
         * @param instanceId        this instance's static group membership id; empty for a dynamic member
         * @param replicationFactor of the ledger, pending and dead-letter topics when the notifier creates them
         */
        public static Settings from(NotificationsConfig config, Topics topics, String bootstrapServers, Optional<String> instanceId,
                                    short replicationFactor) {
            return new Settings(bootstrapServers, topics.alerts(), config.consumerGroup(), instanceId, config.sessionTimeout(),
                    topics.deadLetter(), topics.ledger(), topics.pending(), config.ledgerRetention(), config.groupWait(),
                    config.groupInterval(), config.maxAlertsPerNotification(),
                    new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff(), config.retryGiveUpAfter()),
                    config.shutdownTimeout(), replicationFactor);
        }
    }

    private final Settings settings;
    private final KafkaOutage outage;
    /** The part name under which the notifier's wait for Kafka is reported. */
    static final String PART = "notifier";
    private final Recipients recipients;
    private final Function<String, List<String>> ruleRecipients;
    private final Function<Recipient, NotificationChannel> channels;
    private final Clock clock;
    private final Thread thread;
    private final AlertGrouper grouper;
    private final NotificationSplitter splitter;
    /** Due notifications not yet saved as pending (Kafka did not answer); retried before anything newer. */
    private final Deque<Outgoing> unsaved = new ArrayDeque<>();

    private volatile boolean running;
    /** The grouper's waiting groups as of the last loop, for the console (the grouper is the notifier thread's alone). */
    private volatile List<AlertGrouper.WaitingGroup> waiting = List.of();
    private volatile boolean ready;
    private volatile boolean stopping;
    private KafkaProducer<String, byte[]> producer;
    private final List<KafkaConsumer<String, byte[]>> readers = new ArrayList<>();
    private AlertConsumer consumer;
    private CourierDispatch dispatch;
    private LedgerCheck check;
    private PendingNotifications pending;
    private PartitionHandover handover;
    private Instant nextSaveTry = Instant.MIN;

    /**
     * @param ruleRecipients a rule id to its {@code notify:} names (empty or null: the default recipients)
     * @param channels       how to reach each recipient
     */
    public Notifier(Settings settings, Recipients recipients, Function<String, List<String>> ruleRecipients,
                    Function<Recipient, NotificationChannel> channels, Clock clock) {
        this(settings, recipients, ruleRecipients, channels, clock, null);
    }

    /**
     * @param outage where to report that the notifier waits for Kafka (its owner logs one line per
     *               retry interval for every waiting part); null to log it here
     */
    public Notifier(Settings settings, Recipients recipients, Function<String, List<String>> ruleRecipients,
                    Function<Recipient, NotificationChannel> channels, Clock clock, KafkaOutage outage) {
        this.outage = outage;
        this.settings = settings;
        this.recipients = recipients;
        this.ruleRecipients = ruleRecipients;
        this.channels = channels;
        this.clock = clock;
        this.grouper = new AlertGrouper(settings.groupWait(), settings.groupInterval());
        this.splitter = new NotificationSplitter(settings.maxAlertsPerNotification());
        this.thread = Thread.ofPlatform().name("newswatch-notifier").unstarted(this::run);
    }

    public synchronized Notifier start() {
        if (running || stopping) {
            throw new IllegalStateException("the notifier was already started");
        }
        running = true;
        thread.start();
        return this;
    }

    /**
     * The groups of alerts that wait inside their grouping window (group wait or interval) on this
     * instance, soonest sent first; refreshed every poll. Once sent they are pending notifications.
     */
    public List<AlertGrouper.WaitingGroup> waitingGroups() {
        return waiting;
    }

    /** True once the ledger is loaded and alerts are being read. */
    public boolean isReady() {
        return ready && running;
    }

    /**
     * Stops reading, lets notifications being sent right now finish (within the shutdown timeout),
     * commits what is done and closes the Kafka clients. Grouped or retrying notifications are left
     * uncommitted (and pending), so they are picked up by the next start or owner.
     */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        stopping = true;
        running = false;
        if (!ready) {
            // Still creating topics or reading the ledger (Kafka may be away): nothing is in
            // flight, so don't let a shutdown wait out a Kafka timeout.
            thread.interrupt();
        }
        try {
            if (!thread.join(settings.shutdownTimeout().plusSeconds(10))) {
                LOG.warn("notifier did not stop within the shutdown timeout");
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            producer = new KafkaProducer<>(producerConfig());
            DeliveryLedger ledger = new DeliveryLedger(settings.ledgerTopic(), producer, clock);
            DeadLetters deadLetters = new DeadLetters(settings.deadLetterTopic(), producer, clock);
            pending = new PendingNotifications(settings.pendingTopic(), producer, clock);
            if (!ensureTopics()) {
                return;
            }
            check = new LedgerCheck(ledger);
            dispatch = new CourierDispatch(recipients, channels, settings.backoff(), clock, ledger, deadLetters, pending, KAFKA_TIMEOUT);
            handover = new PartitionHandover(recipients, ledger, reader("newswatch-notifier-ledger"), pending,
                    reader("newswatch-notifier-pending"), deadLetters, check, grouper, dispatch, this::commit, () -> running, KAFKA_TIMEOUT,
                    settings.shutdownTimeout());
            AlertConsumer.Handover dropUnsaved = new AlertConsumer.Handover() {
                @Override
                public void assigned(Set<TopicPartition> partitions) {
                    handover.assigned(partitions);
                }

                @Override
                public void revoked(Set<TopicPartition> partitions) {
                    unsaved.removeIf(o -> o.comesFrom(partitions));
                    handover.revoked(partitions);
                }

                @Override
                public void lost(Set<TopicPartition> partitions) {
                    unsaved.removeIf(o -> o.comesFrom(partitions));
                    handover.lost(partitions);
                }
            };
            if (!handover.catchUpLedger()) {
                return;
            }
            LOG.infof("notifier: delivery ledger %s has %d entries", settings.ledgerTopic(), ledger.size());
            dispatch.start();
            AlertIntake intake = new AlertIntake(recipients, ruleRecipients, check, grouper, deadLetters, KAFKA_TIMEOUT);
            consumer = new AlertConsumer(settings.bootstrapServers(), settings.alertsTopic(), settings.consumerGroup(),
                    settings.instanceId(), settings.sessionTimeout(), KAFKA_TIMEOUT, dropUnsaved);
            ready = true;
            LOG.infof("notifier reading %s as group %s%s for %d recipient(s): %s", settings.alertsTopic(), settings.consumerGroup(),
                    settings.instanceId().map(id -> " (instance " + id + ")").orElse(""), dispatch.recipients().size(),
                    String.join(", ", dispatch.recipients()));
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        intake.take(record, clock.instant());
                    }
                } catch (KafkaException e) {
                    if (e instanceof org.apache.kafka.common.errors.InterruptException) {
                        throw e;
                    }
                    LOG.warnf("notifier: reading %s failed (%s); retrying", settings.alertsTopic(), e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
                dispatchDue();
                waiting = grouper.waiting();
                handover.drainFinished();
                commitDone();
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            LOG.info("notifier interrupted while waiting for Kafka; stopping");
        } catch (RuntimeException e) {
            LOG.errorf(e, "notifier stopped by an unexpected error");
        } finally {
            ready = false;
            waiting = List.of();
            shutDown();
        }
    }

    /** Due groups become notifications of at most N alerts, each saved as pending before its courier gets it. */
    private void dispatchDue() {
        for (AlertGrouper.Batch batch : grouper.due(clock.instant())) {
            Recipient recipient = recipients.get(batch.key().recipient()).orElseThrow();
            unsaved.addAll(splitter.split(recipient, batch.alerts(), batch.partitions()));
        }
        if (unsaved.isEmpty() || clock.instant().isBefore(nextSaveTry)) {
            return;
        }
        while (!unsaved.isEmpty()) {
            Outgoing next = unsaved.peekFirst();
            try {
                pending.save(next, KAFKA_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                return;
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                LOG.warnf("notifier: saving notification %s for '%s' as pending failed (%s); retrying before sending it",
                        next.notification().id(), next.recipient(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                nextSaveTry = clock.instant().plusSeconds(1);
                return;
            }
            unsaved.pollFirst();
            dispatch.submit(next);
        }
    }

    private void commitDone() {
        Map<TopicPartition, Long> offsets = check.toCommit();
        if (commit(offsets)) {
            check.committed(offsets);
        }
    }

    private boolean commit(Map<TopicPartition, Long> offsets) {
        return consumer != null && consumer.commit(offsets);
    }

    private void shutDown() {
        Thread.interrupted(); // an interrupt that cut a wait on Kafka short must not also break the clean close below
        if (dispatch != null) {
            dispatch.stop(Instant.now().plus(settings.shutdownTimeout()));
        }
        if (consumer != null) {
            handover.drainFinished();
            commitDone();
            consumer.close();
        }
        readers.forEach(r -> r.close(Duration.ofSeconds(1)));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        LOG.info("notifier stopped");
    }

    /** The ledger, pending and dead-letter topics, created by the broker package with their per-topic settings; retried until Kafka answers. */
    private boolean ensureTopics() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "newswatch-notifier-admin");
        Admin admin = Admin.create(config);
        try {
            short replicas = settings.replicationFactor();
            List<NewTopic> topics = List.of(TopicCreator.ledgerTopic(settings.ledgerTopic(), settings.ledgerRetention(), replicas),
                    TopicCreator.pendingTopic(settings.pendingTopic(), MAX_PENDING_RECORD_BYTES, replicas),
                    TopicCreator.deadLetterTopic(settings.deadLetterTopic(), replicas));
            while (running) {
                try {
                    TopicCreator.createAndAwait(admin, topics, KAFKA_TIMEOUT);
                    break;
                } catch (IllegalStateException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                    if (e instanceof TopicCreator.NoAnswerException && outage != null) {
                        outage.waiting(PART, "creating its topics");
                    } else {
                        LOG.warnf("notifier: cannot create topics at %s (%s); retrying", settings.bootstrapServers(), e.getMessage());
                    }
                    sleep(Duration.ofSeconds(2));
                }
            }
        } finally {
            if (outage != null) {
                outage.resumed(PART);
            }
            // Admin.close() would wait out a pending call's full timeout while Kafka is away.
            admin.close(Duration.ofSeconds(1));
        }
        return running;
    }

    /** A consumer without group for reading one of the notifier's own topics from the start. */
    private KafkaConsumer<String, byte[]> reader(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config);
        readers.add(reader);
        return reader;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "newswatch-notifier");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_PENDING_RECORD_BYTES);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
