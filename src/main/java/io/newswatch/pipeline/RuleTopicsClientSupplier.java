package io.newswatch.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.jboss.logging.Logger;

/**
 * Kafka Streams' clients, with the stream threads' producers ready for the rule topics. The alerts of
 * every rule leave the single clustering task through its thread's producer; the first alert to a
 * topic that producer has no metadata for blocks the thread until a metadata round trip returns
 * ({@code KafkaProducer.waitOnMetadata}), and every document behind it waits. With 1,000 rules that was
 * 11 of 30 seconds of the clustering thread in {@code PipelineBenchmark} (docs/benchmarks.md, round
 * five). So each producer:
 * <ul>
 *   <li>loads the metadata of every rule topic in force when it is created, in the background
 *       ({@link #PRELOAD_THREADS} threads asking at once, so one metadata request carries many topics),
 *       without delaying the stream thread's start;
 *   <li>keeps a topic's metadata while unused for {@link #METADATA_MAX_IDLE_MS} (Kafka's default, 5 minutes,
 *       would drop the topic of a rule that alerts less often than that, and its next alert would wait
 *       again), unless the Streams configuration sets {@code producer.metadata.max.idle.ms} itself.
 * </ul>
 * Nothing about what is written or how changes: same records, same transactions.
 */
public final class RuleTopicsClientSupplier implements KafkaClientSupplier {
    private static final Logger LOG = Logger.getLogger(RuleTopicsClientSupplier.class);
    /** One day: the producer keeps the metadata of a topic it has not written for up to this long. */
    public static final long METADATA_MAX_IDLE_MS = 24L * 60 * 60 * 1000;
    static final int PRELOAD_THREADS = 4;

    private final Supplier<Collection<String>> ruleTopics;

    /** @param ruleTopics the topics of the rules in force (asked when a producer is created) */
    public RuleTopicsClientSupplier(Supplier<Collection<String>> ruleTopics) {
        this.ruleTopics = ruleTopics;
    }

    /** The producer settings this supplier adds: {@code metadata.max.idle.ms} unless already set. */
    static Map<String, Object> producerConfig(Map<String, Object> config) {
        Map<String, Object> settings = new HashMap<>(config);
        settings.putIfAbsent(ProducerConfig.METADATA_MAX_IDLE_CONFIG, METADATA_MAX_IDLE_MS);
        return settings;
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(config), new ByteArraySerializer(), new ByteArraySerializer());
        preload(producer, List.copyOf(ruleTopics.get()), String.valueOf(config.get(ProducerConfig.CLIENT_ID_CONFIG)));
        return producer;
    }

    /**
     * Asks {@code producer} for the partitions of each topic from a few background threads and returns
     * at once. A producer closed meanwhile (its stream thread stopped) ends the preload quietly; a topic
     * that cannot be resolved is left to the first alert, as without the preload.
     *
     * @return completed with the number of topics resolved once every thread is done
     */
    static CompletableFuture<Integer> preload(Producer<?, ?> producer, List<String> topics, String client) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (topics.isEmpty()) {
            done.complete(0);
            return done;
        }
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(topics);
        AtomicInteger running = new AtomicInteger(Math.min(PRELOAD_THREADS, topics.size()));
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < running.get(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("newswatch-rule-topics-preload-" + i).unstarted(() -> {
                String topic;
                while ((topic = queue.poll()) != null) {
                    try {
                        producer.partitionsFor(topic);
                    } catch (KafkaException | IllegalStateException e) {
                        failed.incrementAndGet(); // unknown or refused topic, or the producer was closed (fails at once)
                    }
                }
                if (running.decrementAndGet() == 0) {
                    done.complete(topics.size() - failed.get());
                    LOG.debugf("producer %s: metadata of %d rule topics loaded in %d ms (%d not resolved; their first alert asks again)",
                            client, topics.size(), (System.nanoTime() - started) / 1_000_000, failed.get());
                }
            }));
        }
        threads.forEach(Thread::start);
        return done;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }
}
