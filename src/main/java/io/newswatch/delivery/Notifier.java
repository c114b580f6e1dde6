package io.newswatch.delivery;

import io.newswatch.broker.TopicCreator;

import io.newswatch.broker.Topics;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.config.NotificationsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * Reads alerts from Kafka and notifies their rules' recipients, grouped per (recipient, rule), with
 * at-least-once delivery made effectively once by the {@link DeliveryLedger}.
 *
 * <p>The consumer thread owns all grouping and offset state (no locks); each recipient has a
 * {@link RecipientCourier} thread that sends and retries. When a courier is done with a
 * notification it writes the ledger (and the dead-letter topic if needed), then hands the
 * alert ids back to the consumer thread, which commits each partition up to its lowest alert still
 * grouped or being retried. So an alert's offset is committed only after every recipient's
 * notification about it was delivered or dead-lettered, and after the ledger says so: a crash
 * re-reads it, and the ledger keeps it from being sent twice.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Notifier.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    /** Everything the notifier needs besides recipients and channels; see {@link NotificationsConfig} for meanings. */
    public record Settings(
            String bootstrapServers,
            String alertsTopic,
            String consumerGroup,
            String deadLetterTopic,
            String ledgerTopic,
            Duration ledgerRetention,
            Duration groupWait,
            Duration groupInterval,
            Backoff backoff,
            Duration shutdownTimeout) {

        public static Settings from(NotificationsConfig config, Topics topics, String bootstrapServers) {
            return new Settings(bootstrapServers, topics.alerts(), config.consumerGroup(), topics.deadLetter(),
                    topics.ledger(), config.ledgerRetention(), config.groupWait(), config.groupInterval(),
                    new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff(), config.retryGiveUpAfter()),
                    config.shutdownTimeout());
        }
    }

    private record Position(TopicPartition partition, long offset) {}

    private record Completion(String recipient, List<String> alertIds) {}

    private final Settings settings;
    private final Recipients recipients;
    private final Function<String, List<String>> ruleRecipients;
    private final Function<Recipient, NotificationChannel> channels;
    private final Clock clock;
    private final Thread thread;

    private final AlertGrouper grouper;
    private final PendingOffsets pending = new PendingOffsets();
    /** Per ledger key (recipient/alert): the records waiting for that alert's notification to that recipient. */
    private final Map<String, List<Position>> open = new HashMap<>();
    private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
    private final Map<String, RecipientCourier> couriers = new LinkedHashMap<>();
    private final Set<String> rulesWithUnknownRecipients = new HashSet<>();

    private volatile boolean running;
    private volatile boolean ready;
    private volatile boolean stopping;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private DeliveryLedger ledger;
    private DeadLetters deadLetters;

    /**
     * @param ruleRecipients a rule id to its {@code notify:} names (empty or null: the default recipients)
     * @param channels       how to reach each recipient
     */
    public Notifier(Settings settings, Recipients recipients, Function<String, List<String>> ruleRecipients,
                    Function<Recipient, NotificationChannel> channels, Clock clock) {
        this.settings = settings;
        this.recipients = recipients;
        this.ruleRecipients = ruleRecipients;
        this.channels = channels;
        this.clock = clock;
        this.grouper = new AlertGrouper(settings.groupWait(), settings.groupInterval());
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

    /** True once the ledger is loaded and alerts are being read. */
    public boolean isReady() {
        return ready && running;
    }

    /**
     * Stops reading, lets notifications being sent right now finish (within the shutdown timeout),
     * commits what is done and closes the Kafka clients. Grouped or retrying notifications are left
     * uncommitted and so are picked up by the next start.
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
            ledger = new DeliveryLedger(settings.ledgerTopic(), producer, clock);
            deadLetters = new DeadLetters(settings.deadLetterTopic(), producer, clock);
            if (!ensureTopics() || !loadLedger()) {
                return;
            }
            RecipientCourier.Listener listener = new CourierListener();
            for (Recipient recipient : recipients.all()) {
                couriers.put(recipient.name(), new RecipientCourier(recipient, channels.apply(recipient), settings.backoff(),
                        clock, listener, RandomGenerator.getDefault()).start());
            }
            consumer = new KafkaConsumer<>(consumerConfig());
            consumer.subscribe(List.of(settings.alertsTopic()), new Rebalance());
            ready = true;
            LOG.infof("notifier reading %s as group %s for %d recipient(s): %s", settings.alertsTopic(),
                    settings.consumerGroup(), couriers.size(), String.join(", ", couriers.keySet()));
            while (running) {
                pollOnce();
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            LOG.info("notifier interrupted while waiting for Kafka; stopping");
        } catch (RuntimeException e) {
            LOG.errorf(e, "notifier stopped by an unexpected error");
        } finally {
            ready = false;
            shutDown();
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                handle(record, clock.instant());
            }
        } catch (KafkaException e) {
            LOG.warnf("notifier: reading %s failed (%s); retrying", settings.alertsTopic(), e.getMessage());
            sleep(Duration.ofSeconds(1));
        }
        for (AlertGrouper.Batch batch : grouper.due(clock.instant())) {
            Recipient recipient = recipients.get(batch.key().recipient()).orElseThrow();
            couriers.get(recipient.name()).submit(Notification.of(recipient, batch.alerts()));
        }
        drainCompletions();
        commit();
    }

    private void handle(ConsumerRecord<String, byte[]> record, Instant now) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() == null) {
            pending.consumed(partition, record.offset(), 0);
            return;
        }
        Alert alert;
        try {
            alert = AlertCodec.decode(record.value());
        } catch (RuntimeException e) {
            String reason = "unreadable alert at " + record.topic() + "/" + record.partition() + "@" + record.offset() + ": " + e.getMessage();
            try {
                deadLetters.unreadableAlert(record, reason, KAFKA_TIMEOUT);
                LOG.warnf("notifier: %s; dead-lettered", reason);
                pending.consumed(partition, record.offset(), 0);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                pending.consumed(partition, record.offset(), 1);
            } catch (ExecutionException | TimeoutException de) {
                LOG.errorf("notifier: %s, and the dead-letter topic cannot be written (%s); it will be re-read after a restart",
                        reason, de.getMessage());
                pending.consumed(partition, record.offset(), 1);
            }
            return;
        }
        String ruleId = alert.rule().id();
        List<String> names;
        try {
            names = ruleRecipients.apply(ruleId);
        } catch (RuntimeException e) {
            LOG.warnf("notifier: recipients of rule %s cannot be looked up (%s); using the default recipients", ruleId, e.getMessage());
            names = List.of();
        }
        List<String> unknown = recipients.unknown(names);
        if (!unknown.isEmpty() && rulesWithUnknownRecipients.add(ruleId)) {
            LOG.warnf("notifier: rule %s notifies unknown recipient(s) %s; they are skipped (known: %s)",
                    ruleId, unknown, recipients.names());
        }
        Position position = new Position(partition, record.offset());
        int deliveries = 0;
        for (Recipient recipient : recipients.recipientsFor(names)) {
            if (ledger.contains(recipient.name(), alert.id())) {
                continue;
            }
            deliveries++;
            String key = DeliveryLedger.key(recipient.name(), alert.id());
            List<Position> waiting = open.get(key);
            if (waiting != null) {
                waiting.add(position);
            } else {
                open.put(key, new ArrayList<>(List.of(position)));
                grouper.add(new AlertGrouper.GroupKey(recipient.name(), ruleId), alert, now);
            }
        }
        pending.consumed(partition, record.offset(), deliveries);
    }

    private void drainCompletions() {
        for (Completion done; (done = completions.poll()) != null; ) {
            for (String alertId : done.alertIds()) {
                List<Position> positions = open.remove(DeliveryLedger.key(done.recipient(), alertId));
                if (positions != null) {
                    positions.forEach(p -> pending.resolved(p.partition(), p.offset()));
                }
            }
        }
    }

    private void commit() {
        commit(pending.toCommit());
    }

    private void commit(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty() || consumer == null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((p, o) -> commits.put(p, new OffsetAndMetadata(o)));
        try {
            consumer.commitSync(commits, KAFKA_TIMEOUT);
            pending.committed(offsets);
        } catch (KafkaException e) {
            LOG.warnf("notifier: committing offsets %s failed (%s); will retry", offsets, e.getMessage());
        }
    }

    private void shutDown() {
        Thread.interrupted(); // an interrupt that cut a wait on Kafka short must not also break the clean close below
        Instant deadline = Instant.now().plus(settings.shutdownTimeout());
        for (Map.Entry<String, RecipientCourier> courier : couriers.entrySet()) {
            try {
                if (!courier.getValue().stop(deadline)) {
                    LOG.warnf("recipient '%s': notification still being sent at shutdown; it will be sent again on the next start",
                            courier.getKey());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (consumer != null) {
                drainCompletions();
                commit();
                consumer.close(Duration.ofSeconds(5));
            }
        } catch (RuntimeException e) {
            LOG.warnf("notifier: closing the consumer failed: %s", e.getMessage());
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        LOG.info("notifier stopped");
    }

    /** The ledger and dead-letter topics, created by the broker package with their per-topic settings; retried until Kafka answers. */
    private boolean ensureTopics() {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "newswatch-notifier-admin");
        Admin admin = Admin.create(config);
        try {
            List<NewTopic> topics = List.of(TopicCreator.ledgerTopic(settings.ledgerTopic(), settings.ledgerRetention()),
                    TopicCreator.deadLetterTopic(settings.deadLetterTopic()));
            while (running) {
                try {
                    TopicCreator.createAndAwait(admin, topics, KAFKA_TIMEOUT);
                    break;
                } catch (IllegalStateException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                    LOG.warnf("notifier: cannot create topics at %s (%s); retrying", settings.bootstrapServers(), e.getMessage());
                    sleep(Duration.ofSeconds(2));
                }
            }
        } finally {
            // Admin.close() would wait out a pending call's full timeout while Kafka is away.
            admin.close(Duration.ofSeconds(1));
        }
        return running;
    }

    private boolean loadLedger() {
        Map<String, Object> config = new HashMap<>(consumerConfig());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "newswatch-notifier-ledger");
        while (running) {
            try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(config)) {
                int entries = ledger.load(reader, KAFKA_TIMEOUT);
                LOG.infof("notifier: delivery ledger %s has %d entries", settings.ledgerTopic(), entries);
                return true;
            } catch (TimeoutException | KafkaException e) {
                LOG.warnf("notifier: reading the delivery ledger %s failed (%s); retrying", settings.ledgerTopic(), e.getMessage());
                sleep(Duration.ofSeconds(1));
            }
        }
        return false;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "newswatch-notifier");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "newswatch-notifier");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
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

    /** Commits what is done on partitions being taken away, so their next owner does not redo it. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drainCompletions();
            Map<TopicPartition, Long> offsets = new HashMap<>(pending.toCommit());
            offsets.keySet().retainAll(partitions);
            commit(offsets);
            pending.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
    }

    /** Runs on courier threads: records the outcome durably, then lets the consumer thread commit. */
    private final class CourierListener implements RecipientCourier.Listener {
        @Override
        public void delivered(Notification notification, int attempts) {
            if (recordInLedger(notification, DeliveryLedger.Outcome.DELIVERED)) {
                completions.add(new Completion(notification.recipient().name(), notification.alertIds()));
            }
        }

        @Override
        public void deadLettered(Notification notification, String channelKind, String reason, int attempts) {
            while (true) {
                try {
                    deadLetters.notification(notification, channelKind, reason, attempts, KAFKA_TIMEOUT);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException | KafkaException e) {
                    LOG.warnf("recipient '%s': writing notification %s to %s failed (%s); retrying",
                            notification.recipient().name(), notification.id(), settings.deadLetterTopic(), e.getMessage());
                    if (stopping || !pause()) {
                        return;
                    }
                }
            }
            if (recordInLedger(notification, DeliveryLedger.Outcome.DEAD_LETTERED)) {
                completions.add(new Completion(notification.recipient().name(), notification.alertIds()));
            }
        }

        private boolean recordInLedger(Notification notification, DeliveryLedger.Outcome outcome) {
            while (true) {
                try {
                    ledger.record(notification, outcome, KAFKA_TIMEOUT);
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (ExecutionException | TimeoutException | KafkaException e) {
                    LOG.warnf("recipient '%s': recording notification %s in %s failed (%s); retrying",
                            notification.recipient().name(), notification.id(), settings.ledgerTopic(), e.getMessage());
                    if (stopping || !pause()) {
                        return false;
                    }
                }
            }
        }

        private boolean pause() {
            try {
                Thread.sleep(1000);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
