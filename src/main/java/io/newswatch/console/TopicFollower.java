package io.newswatch.console;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows some topics for a console page on a thread of its own: one consumer without a consumer
 * group (read_committed, so it never takes partitions from the pipeline or the notifier), which
 * {@link Start#assign} points at its partitions and start offsets, and whose every record goes to
 * the handler. When Kafka fails it reconnects every 5 s and assigns again (the page decides what a
 * re-read replaces). {@link #close()} stops it quietly even when the broker is already gone: the
 * consumer is woken, not interrupted, and closed without waiting for a broker that will not answer.
 */
final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    static final Duration RETRY = Duration.ofSeconds(5);
    static final Duration POLL = Duration.ofMillis(500);
    /** How long the consumer's close may wait for the broker (closing fetch sessions); a gone broker is not waited for. */
    static final Duration CLOSE_TIMEOUT = Duration.ofMillis(500);

    /** Points a fresh consumer at its partitions; false while the topics do not exist yet (tried again later). */
    @FunctionalInterface
    interface Start {
        boolean assign(KafkaConsumer<byte[], byte[]> consumer);
    }

    private final String name;
    private final String what;
    private final String bootstrapServers;
    private final Start start;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handler;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private final Object pause = new Object();
    private Thread thread;

    /**
     * @param name client id and thread name ({@code newswatch-console-…})
     * @param what what it reads, for the debug line when reading fails
     */
    TopicFollower(String name, String what, String bootstrapServers, Start start, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        this.name = name;
        this.what = what;
        this.bootstrapServers = bootstrapServers;
        this.start = start;
        this.handler = handler;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    private void run() {
        while (running) {
            KafkaConsumer<byte[], byte[]> c = null;
            try {
                c = new KafkaConsumer<>(properties());
                consumer = c;
                if (!running) {
                    break;
                }
                if (!start.assign(c)) {
                    sleep(RETRY);
                    continue;
                }
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                        handler.accept(record);
                    }
                }
            } catch (WakeupException | InterruptException e) {
                break;
            } catch (RuntimeException e) {
                if (running) {
                    // Kafka being away is reported once per retry interval by the pipeline; no second line here
                    LOG.debugf("console: reading %s failed (%s); retrying in %d s", what, e.getMessage(), RETRY.toSeconds());
                    sleep(RETRY);
                }
            } finally {
                consumer = null;
                if (c != null) {
                    closeQuietly(c);
                }
            }
        }
    }

    /** Without the interrupt or wakeup that ended the loop, so the close neither throws nor logs them. */
    private static void closeQuietly(KafkaConsumer<byte[], byte[]> c) {
        Thread.interrupted();
        try {
            c.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("console: closing a Kafka reader: %s", e.getMessage());
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Waits before a retry; {@link #close()} ends the wait at once. */
    private void sleep(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        synchronized (pause) {
            try {
                for (long left = duration.toMillis(); running && left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                    pause.wait(left);
                }
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    /** Stops following: wakes the consumer and waits for the thread; interrupts it only if it does not end in 5 s. */
    @Override
    public void close() {
        running = false;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return;
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (!t.join(Duration.ofSeconds(2))) {
                t.interrupt(); // in a wait the wakeup did not reach
                t.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
