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
import org.jboss.logging.Logger;

/**
 * Creates newswatch's topics when missing. Topics wanted while Kafka is unreachable are kept and
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
    private final ExecutorService background = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("newswatch-topics").factory());
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
        missing.addAll(topics);
        background.execute(this::check);
    }

    /** Creates the topics now if Kafka answers; otherwise remembers them for {@link #check()}. */
    public boolean ensure(Collection<String> topics) {
        missing.addAll(topics);
        return check();
    }

    /** Creates the topics still missing, or probes the cluster; true when Kafka answered and every wanted topic exists. */
    public synchronized boolean check() {
        String failure = missing.isEmpty() ? probe() : createMissing();
        if (failure == null) {
            if (!reachable) {
                LOG.infof("Kafka at %s is reachable again", bootstrapServers);
            }
            reachable = true;
            return true;
        }
        reachable = false;
        if (clock.instant().isAfter(lastWarning.plus(warningInterval))) {
            lastWarning = clock.instant();
            LOG.warnf("Kafka at %s is unreachable (%s); retrying every %d s, documents wait until it is back",
                    bootstrapServers, failure, warningInterval.toSeconds());
        }
        return false;
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
        List<NewTopic> wanted = missing.stream().map(t -> new NewTopic(t, partitions, replicationFactor)).toList();
        try {
            KafkaTopics.ensure(admin, wanted, Duration.ofSeconds(10));
            wanted.forEach(t -> missing.remove(t.name()));
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        background.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
