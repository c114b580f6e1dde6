package io.newswatch.archive;

import io.newswatch.alerts.BackfillRequest;
import io.newswatch.matching.RuleCompiler;
import io.newswatch.rules.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.lucene.store.LockObtainFailedException;
import org.jboss.logging.Logger;

/**
 * The daemon's archive: opens the index under the data folder, runs the {@link Archiver} on a
 * thread of its own and offers search and backtest over it. When the archive is disabled, or its
 * folder cannot be opened (locked by another process, not writable), the daemon runs without it
 * (alerting never depends on it) and the search endpoints say so.
 */
public final class ArchiveService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ArchiveService.class);

    /** Everything the archive needs to know, from the daemon's settings. */
    public record Settings(boolean enabled, Path folder, String bootstrapServers, String documentsTopic, String alertsTopic, String storiesTopic,
                           Duration retention, Optional<Long> maxBytes, Archiver.Settings archiver, int maxPageSize,
                           Duration backtestTimeout, int backtestMaxResults, String backfillTopic,
                           Backfiller.Settings backfill, Duration searchCountBudget, long searchCacheBytes) {
        public Settings(boolean enabled, Path folder, String bootstrapServers, String documentsTopic, String alertsTopic, String storiesTopic,
                        Duration retention, Optional<Long> maxBytes, Archiver.Settings archiver, int maxPageSize,
                        Duration backtestTimeout, int backtestMaxResults, String backfillTopic,
                        Backfiller.Settings backfill, Duration searchCountBudget) {
            this(enabled, folder, bootstrapServers, documentsTopic, alertsTopic, storiesTopic, retention, maxBytes, archiver, maxPageSize,
                    backtestTimeout, backtestMaxResults, backfillTopic, backfill, searchCountBudget, SegmentMatchCache.DEFAULT_MAX_BYTES);
        }
    }

    private final Settings settings;
    private final Supplier<RuleCompiler> compiler;
    private final Clock clock;
    private ArchiveIndex index;
    private Archiver archiver;
    private Thread thread;
    private ArchiveSearcher searcher;
    private Backtest backtest;
    private Backfiller backfiller;
    private KafkaProducer<String, byte[]> backfillProducer;
    private boolean warnedNoArchive;
    private boolean warmingUp;

    public ArchiveService(Settings settings, Supplier<RuleCompiler> compiler, Clock clock) {
        this.settings = settings;
        this.compiler = compiler;
        this.clock = clock;
    }

    public synchronized void start() {
        if (!settings.enabled()) {
            LOG.info("archive disabled (NEWSWATCH_ARCHIVE_ENABLED=false): search, alert listing and backtest are unavailable");
            return;
        }
        try {
            index = ArchiveIndex.openForWriting(settings.folder());
        } catch (LockObtainFailedException e) {
            LOG.errorf("archive at %s is in use by another process (each instance needs its own NEWSWATCH_DATA_DIR); running without an archive",
                    settings.folder());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.errorf("cannot open the archive at %s (%s); running without an archive", settings.folder(), e.getMessage());
            return;
        }
        searcher = new ArchiveSearcher(index, compiler, settings.maxPageSize(), settings.searchCountBudget(),
                settings.searchCacheBytes());
        backtest = new Backtest(index, searcher, settings.backtestTimeout(), settings.backtestMaxResults(), clock);
        archiver = new Archiver(settings.bootstrapServers(), settings.documentsTopic(), settings.alertsTopic(), settings.storiesTopic(), index,
                new ArchiveRetention(settings.retention(), settings.maxBytes()), settings.archiver(), clock);
        thread = Thread.ofPlatform().daemon().name("newswatch-archiver").start(archiver);
        backfillProducer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        backfiller = new Backfiller(index, searcher, this::sendBackfill, this::archiveCaughtUp,
                settings.folder().resolveSibling("archive-backfill.properties"), settings.backfill(), clock);
    }

    /**
     * The rules in force after a (re)load: when they change, their queries are readied for their first
     * search and pre-filled into the search cache ({@link ArchiveSearcher#rulesInForce}: in the background,
     * on the cache's low-priority thread; pre-filled again every minute for new segments); once per start
     * they warm the search code up; a rule with {@code backfill:} that is new or changed is backfilled from
     * the archive in the background (see {@link Backfiller}).
     */
    public synchronized void rulesInForce(List<Rule> rules) {
        List<String> queries = rules.stream().map(Rule::query).distinct().toList();
        if (searcher != null) {
            searcher.rulesInForce(queries, clock.instant()).thenAccept(done -> {
                if (done.changed()) {
                    LOG.debugf("archive search: first searches of %d of %d rule queries readied, %d queued for the cache's pre-fill",
                            done.ready(), done.queries(), done.queued());
                }
            });
            if (!warmingUp) {
                // Once per start: a first search in a fresh JVM would otherwise pay the JIT's warm-up (1-2 s of CPU).
                warmingUp = true;
                searcher.warmUp(queries).thenAccept(cpu -> LOG.debugf("archive search warmed up with %d rule queries (%d ms CPU)",
                        Math.min(queries.size(), ArchiveSearcher.WARM_UP_QUERIES), cpu.toMillis()));
            }
        }
        if (backfiller != null) {
            backfiller.rulesInForce(rules);
        } else if (!warnedNoArchive && rules.stream().anyMatch(r -> r.backfillWindow().isPresent())) {
            warnedNoArchive = true;
            LOG.warnf("rule(s) %s ask for backfill: but there is no archive; they alert on new documents only",
                    rules.stream().filter(r -> r.backfillWindow().isPresent()).map(Rule::id).toList());
        }
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "newswatch-backfill");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return config;
    }

    private void sendBackfill(List<BackfillRequest> requests) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (BackfillRequest request : requests) {
            sent.add(backfillProducer.send(new ProducerRecord<>(settings.backfillTopic(), request.document().id(), BackfillRequest.encode(request))));
        }
        backfillProducer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get(); // throws when Kafka refused one: the backfill is tried again later, and the stream drops repeats
        }
    }

    /** Waits until the archiver has committed positions at or past the documents topic's end as of now. */
    private boolean archiveCaughtUp(Instant deadline) throws InterruptedException {
        Map<TopicPartition, Long> ends;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "newswatch-backfill-ends");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(settings.documentsTopic(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            return false;
        }
        Archiver a = archiver;
        while (a != null) {
            Map<String, Long> read = a.committedPositions();
            boolean all = ends.entrySet().stream().allMatch(e -> read.getOrDefault(Archiver.key(e.getKey()), 0L) >= e.getValue()
                    || e.getValue() == 0);
            if (all) {
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
            Thread.sleep(200);
        }
        return false;
    }

    public synchronized Optional<ArchiveSearcher> searcher() {
        return Optional.ofNullable(searcher);
    }

    public synchronized Optional<Backtest> backtest() {
        return Optional.ofNullable(backtest);
    }

    /** Records archived since start (documents, alerts); zeros without an archive. */
    public long[] archived() {
        Archiver a = archiver;
        return a == null ? new long[] {0, 0} : new long[] {a.archivedDocuments(), a.archivedAlerts()};
    }

    /** Stops archiving (committing what was read) and closes the index. */
    @Override
    public synchronized void close() {
        if (backfiller != null) {
            backfiller.close();
            backfiller = null;
        }
        if (backfillProducer != null) {
            backfillProducer.close(Duration.ofSeconds(5));
            backfillProducer = null;
        }
        if (archiver != null) {
            archiver.close();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (searcher != null) {
            searcher.close();
        }
        if (index != null) {
            try {
                index.close();
            } catch (IOException e) {
                LOG.warnf("closing the archive at %s: %s", settings.folder(), e.getMessage());
            }
        }
        searcher = null;
        backtest = null;
    }
}
