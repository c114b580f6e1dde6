package io.newswatch.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Creates the topics newswatch writes to, because neither the embedded broker nor a well-run
 * cluster creates topics on first use. Topics that already exist are left exactly as they are (a
 * restart, or a cluster where an operator created them with other settings, is normal), so calling
 * this on every start is safe.
 */
public final class KafkaTopics {
    /** Default for how long {@link #ensure} waits for the cluster. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);
    private static final long POLL_MILLIS = 50;

    private KafkaTopics() {}

    /** {@link #ensure(Admin, Collection, Duration)} with a short-lived admin client for {@code bootstrapServers}. */
    public static void ensure(String bootstrapServers, Collection<NewTopic> topics) {
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEFAULT_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(conf)) {
            ensure(admin, topics, DEFAULT_TIMEOUT);
        }
    }

    /** {@link #ensure(Admin, Collection, Duration)} with the {@linkplain #DEFAULT_TIMEOUT default timeout}. */
    public static void ensure(Admin admin, Collection<NewTopic> topics) {
        ensure(admin, topics, DEFAULT_TIMEOUT);
    }

    /**
     * Creates each topic that does not exist yet, then waits until every topic has a leader for each
     * partition, so that producers started right after do not race the topic's creation.
     *
     * @throws IllegalStateException naming each topic that could not be created and why, or when the
     *     cluster did not answer within {@code timeout}
     */
    public static void ensure(Admin admin, Collection<NewTopic> topics, Duration timeout) {
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
                LOG.infof("created Kafka topic %s (%s partitions)", topic.name(),
                        topic.numPartitions() < 0 ? "default" : String.valueOf(topic.numPartitions()));
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
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                if (described.values().stream().allMatch(KafkaTopics::hasLeaders)) {
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

    private static IllegalStateException noAnswer(List<String> names, Duration timeout) {
        return new IllegalStateException("Kafka did not answer within " + timeout.toSeconds() + " s while creating topics "
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
