package io.newswatch.pipeline;




import io.newswatch.document.DocumentJson;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.broker.TopicCreator;
import io.newswatch.cli.GeneratedRules;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.document.Document;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import io.newswatch.stories.StorySettings;

/**
 * The whole pipeline on one machine: documents produced to {@code newswatch.documents}, the real
 * Kafka Streams topology with the daemon's Streams settings (exactly-once v2, 100 ms commits, one
 * stream thread per core unless {@code threads=} says otherwise), alerts and story updates read back
 * by a {@code read_committed} consumer, so a document counts only once its transaction is committed,
 * which is when subscribers can see its alerts. Everything runs in this JVM against an embedded
 * broker on 127.0.0.1 (broker, clients and the optional archiver share the cores). Not a unit test:
 * it prints figures.
 *
 * <p>Per configuration, three phases on a fresh broker and state directory:
 * <ol>
 *   <li>warm-up: documents sent and awaited, not measured (first transactions, topic metadata);
 *   <li>throughput: documents sent as fast as the producer takes them; documents per second from
 *       the first send to the moment the last document's story update is visible (every document
 *       updates its story in the same transaction as its alerts, so this also covers documents
 *       that match no rule). Latencies in this phase are queueing times behind the backlog;
 *   <li>latency: documents sent one by one on a fixed schedule at half the measured throughput
 *       (an open loop: a late send counts against latency, as a late article would); for each
 *       document that alerts, the time from its scheduled send to its first alert being visible,
 *       and for every document the time to its story update; p50/p90/p99/max.
 * </ol>
 * Before the measured configurations the first one runs once unreported ({@code jvm-warmup=false}
 * skips it): the first configuration in a JVM paid 2-3x the CPU per document for JIT compilation.
 *
 * <p>Documents are the real-news corpus ({@code ../shared/corpus/realnews/docs}, or {@code corpus=DIR}),
 * each sent once: copies of a few seed articles under new ids, as round one sent, are near-duplicates
 * since story clustering exists, and a near-duplicate joins its story without alerting again.
 * Rule sets: the shipped rules alone ({@code rules=0}) or with N {@link GeneratedRules}
 * ({@code rules=N}), each rule with its own topic as in the daemon. No alert id may arrive twice.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.newswatch.pipeline.PipelineBenchmark [-Dexec.args="rules=0 threads=1,2 archive=false,true"]
 * </pre>
 * Arguments ({@code name=value}; lists are comma-separated and every combination runs): {@code rules}
 * generated rule counts (default {@code 0,1000}); {@code threads} stream threads (default: cores);
 * {@code archive} true/false, the daemon's archiver beside the stream (default false); {@code partitions}
 * of each topic (default 3, the daemon's); {@code rounds} repeats of the whole list (default 1);
 * {@code documents}, {@code warmup}, {@code latency-documents} per phase (defaults scale with the rule
 * count; their sum is at most the corpus size); {@code rate} documents per second for the latency phase
 * (default half the measured throughput); {@code shared-topic=true} gives all generated rules one alert
 * topic; {@code rule-partitions} partitions of each rule topic (default 1, the daemon's
 * {@code NEWSWATCH_KAFKA_RULE_PARTITIONS}); {@code preload} true (the daemon: stream producers load the rule topics'
 * metadata, {@link RuleTopicsClientSupplier}) or false (Kafka Streams' default clients); {@code semantic} the story
 * clustering's semantic weight (default 0.5; 0 = words only, no model, as {@code NEWSWATCH_STORIES_SEMANTIC_WEIGHT=0});
 * {@code commit} {@code commit.interval.ms} (default 100, the daemon's); {@code rule-topics} true (the daemon's
 * default: every alert also on its rule's topic) or false ({@code NEWSWATCH_KAFKA_RULE_TOPICS=false}: {@code newswatch.alerts}
 * only, no rule topics created); {@code headline}
 * {@code matching} (the daemon: headline vectors computed on the matching tasks) or {@code clustering} (on the
 * single clustering task, as before round four); {@code onnx} {@code single} (the daemon's one-thread session)
 * or {@code default} (ONNX Runtime's default threads, as before round four).
 * {@code -Dnewswatch.benchmark.profile=/tmp/p} writes a JFR recording of each throughput phase and of each latency phase
 * ({@code ...-latency.jfr}), with CPU-time samples ({@code jdk.CPUTimeSample}, native code included) that
 * {@link PipelineProfile} splits by stage. The throughput phase also prints the records Kafka carried per document, by topic.
 *
 * <p>CPU per document depends on the rate: exactly-once Streams commits a transaction every commit interval on each
 * thread that processed something, whatever the number of documents in it. So each configuration also prints the
 * JVM's CPU per second in both phases and the line through them, a marginal cost per document and a fixed cost per
 * second ({@code CPU split:}), and the latency phase's CPU per second by thread; two free cores carry about
 * (2,000 ms/s - fixed) / marginal documents per second (docs/benchmarks.md, "Round six: pipeline").
 */
public final class PipelineBenchmark {
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(30);
    /** With {@code shared-topic=true}: the one alert topic every generated rule names. */
    static final String SHARED_TOPIC = "newswatch.alerts.generated";

    private PipelineBenchmark() {}

    /** One rule-set run's settings; zero for a phase size or the rate means "choose from the rule count". */
    record Settings(int generatedRules, boolean sharedTopic, int documents, int warmup, int latencyDocuments, double rate, int partitions,
                    boolean archive, int threads, String headline, String onnx, int rulePartitions,
                    boolean preload, double semantic, int commitMs, boolean ruleTopics) {
        Settings resolved() {
            boolean large = generatedRules > 0;
            return new Settings(generatedRules, sharedTopic,
                    documents > 0 ? documents : large ? 300 : 1200,
                    warmup > 0 ? warmup : large ? 50 : 200,
                    latencyDocuments > 0 ? latencyDocuments : large ? 100 : 400,
                    rate, partitions, archive, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                    headline, onnx, rulePartitions > 0 ? rulePartitions : 1, preload, semantic, commitMs, ruleTopics);
        }

        /** What the row says beyond the columns: the non-default placement, ONNX session and rule-topic partitions. */
        String variant() {
            return (headline.equals("matching") ? "" : ", headline on " + headline) + (onnx.equals("single") ? "" : ", onnx " + onnx)
                    + (rulePartitions == partitions ? "" : ", rule topics " + rulePartitions + " partition(s)")
                    + (preload ? "" : ", no rule-topic preload") + (semantic == StorySettings.DEFAULT_SEMANTIC_WEIGHT ? "" : ", semantic weight " + semantic)
                    + (commitMs == 100 ? "" : ", commit " + commitMs + " ms")
                    + (ruleTopics ? "" : ", no rule topics (newswatch.alerts only)");
        }
    }

    /**
     * The headline encoder of {@code onnx=}: {@code single}, the daemon's ({@link MiniLmHeadlineEncoder}: one
     * intra-op thread, no spinning), or {@code default}, the bundled langchain4j model with ONNX Runtime's
     * default session (a pool of one spinning thread per core), which the daemon used before round four.
     */
    static io.newswatch.stories.HeadlineEncoder encoder(String onnx) {
        return switch (onnx) {
            case "single" -> io.newswatch.stories.MiniLmHeadlineEncoder.load().ready();
            case "default" -> defaultSession();
            default -> throw new IllegalArgumentException("onnx is single or default, got " + onnx);
        };
    }

    private static io.newswatch.stories.HeadlineEncoder defaultSession;

    private static synchronized io.newswatch.stories.HeadlineEncoder defaultSession() {
        if (defaultSession == null) {
            var model = new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel();
            defaultSession = headline -> {
                float[] vector = model.embed(headline.isBlank() ? "-" : headline).content().vector();
                double norm = 0;
                for (float v : vector) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = (float) (vector[i] / norm);
                }
                return vector;
            };
        }
        return defaultSession;
    }

    /** Where the documents come from when {@code corpus=} is not given: the real-news corpus, relative to the repository root. */
    static final Path DEFAULT_CORPUS = Path.of("..", "shared", "corpus", "realnews", "docs");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are name=value (rules, documents, warmup, latency-documents, rate, partitions), got " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        List<Integer> ruleCounts = Arrays.stream(options.getOrDefault("rules", "0,1000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<Integer> threadCounts = Arrays.stream(options.getOrDefault("threads", "0").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<Boolean> archiveModes = Arrays.stream(options.getOrDefault("archive", "false").split(","))
                .map(String::strip).map(Boolean::parseBoolean).toList();
        List<Integer> partitionCounts = Arrays.stream(options.getOrDefault("partitions", "3").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<String> headlines = Arrays.stream(options.getOrDefault("headline", "matching").split(",")).map(String::strip).toList();
        headlines.forEach(h -> {
            if (!h.equals("matching") && !h.equals("clustering")) {
                throw new IllegalArgumentException("headline is matching or clustering, got " + h);
            }
        });
        List<String> onnxSessions = Arrays.stream(options.getOrDefault("onnx", "single").split(",")).map(String::strip).toList();
        List<Integer> rulePartitionCounts = Arrays.stream(options.getOrDefault("rule-partitions", "0").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<Boolean> preloads = Arrays.stream(options.getOrDefault("preload", "true").split(","))
                .map(String::strip).map(Boolean::parseBoolean).toList();
        List<Double> semantics = Arrays.stream(options.getOrDefault("semantic", String.valueOf(StorySettings.DEFAULT_SEMANTIC_WEIGHT)).split(","))
                .map(String::strip).map(Double::parseDouble).toList();
        List<Integer> commits = Arrays.stream(options.getOrDefault("commit", "100").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<Boolean> ruleTopicModes = Arrays.stream(options.getOrDefault("rule-topics", "true").split(","))
                .map(String::strip).map(Boolean::parseBoolean).toList();
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
        boolean jvmWarmup = Boolean.parseBoolean(options.getOrDefault("jvm-warmup", "true"));
        quietLogs();
        System.out.printf("pipeline benchmark: %d cores, Java %s, max heap %d MiB, load average %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        List<Document> corpus = corpus(Path.of(options.getOrDefault("corpus", DEFAULT_CORPUS.toString())));
        List<Settings> configurations = new ArrayList<>();
        for (int count : ruleCounts) {
            for (int partitions : partitionCounts) {
                for (int threads : threadCounts) {
                    for (boolean archive : archiveModes) {
                        for (String headline : headlines) {
                            for (String onnx : onnxSessions) {
                                for (int rulePartitions : rulePartitionCounts) {
                                  for (boolean preload : preloads) {
                                   for (double semantic : semantics) {
                                    for (int commitMs : commits) {
                                     for (boolean ruleTopicMode : ruleTopicModes) {
                                    configurations.add(new Settings(count, Boolean.parseBoolean(options.getOrDefault("shared-topic", "false")),
                                            Integer.parseInt(options.getOrDefault("documents", "0")),
                                            Integer.parseInt(options.getOrDefault("warmup", "0")),
                                            Integer.parseInt(options.getOrDefault("latency-documents", "0")),
                                            Double.parseDouble(options.getOrDefault("rate", "0")),
                                            partitions, archive, threads, headline, onnx, rulePartitions, preload, semantic, commitMs,
                                            ruleTopicMode).resolved());
                                     }
                                    }
                                   }
                                  }
                                }
                            }
                        }
                    }
                }
            }
        }
        List<String> rows = new ArrayList<>();
        if (jvmWarmup) {
            // The first configuration in a fresh JVM pays for JIT compilation of Kafka, Streams, Lucene and
            // newswatch (it measured 2-3x the CPU per document of the same configuration run later): run it once unreported.
            System.out.printf("%n(JVM warm-up: the first configuration once, not reported)%n");
            run(configurations.get(0), corpus);
        }
        for (int round = 1; round <= rounds; round++) {
            for (Settings settings : configurations) {
                rows.add(run(settings, corpus).replaceFirst("^\\| ", "| " + (rounds > 1 ? round + ": " : "")));
            }
        }
        System.out.println();
        System.out.println("| rules | partitions | threads | archive | documents | docs/s | alerts/s | CPU ms/doc (JVM / stream threads / archiver) "
                + "| JVM CPU: ms/s at the paced rate; per document, marginal; per second, fixed "
                + "| latency to committed alert at rate: p50 / p90 / p99 / max | same, every document (committed story) | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(Settings settings, List<Document> corpus) throws Exception {
        if (settings.warmup() + settings.documents() + settings.latencyDocuments() > corpus.size()) {
            throw new IllegalArgumentException(String.format("warm-up %d + throughput %d + latency %d documents are more than the %d distinct "
                    + "documents of the corpus (each is sent once: a copy would be a near-duplicate, which joins its story without alerting)",
                    settings.warmup(), settings.documents(), settings.latencyDocuments(), corpus.size()));
        }
        Path work = Files.createTempDirectory("newswatch-pipeline-benchmark");
        String label = (settings.generatedRules() == 0 ? "3 (shipped)" : String.format("%,d + 3 shipped", settings.generatedRules()))
                + (settings.sharedTopic() && settings.generatedRules() > 0 ? ", one topic for the generated" : "")
                + settings.variant();
        System.out.printf("%n== rules: %s; %d stream thread(s); archive %s; documents: %d warm-up, %d throughput, %d latency; "
                        + "%d partitions per topic%n", label, settings.threads(), settings.archive() ? "on" : "off",
                settings.warmup(), settings.documents(), settings.latencyDocuments(), settings.partitions());
        Path rulesDir = Files.createDirectories(work.resolve("rules"));
        copyShippedRules(rulesDir);
        if (settings.generatedRules() > 0) {
            GeneratedRules.of(settings.generatedRules(), 42).writeTo(rulesDir, settings.sharedTopic() ? SHARED_TOPIC : null);
        }
        Set<String> ruleTopics = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();
        try (EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), "127.0.0.1", 0);
                RuleRegistry rules = new RuleRegistry(rulesDir, new RuleLoader(), rule -> ruleTopics.add(rule.topic()))) {
            String bootstrap = broker.bootstrapServers();
            System.out.printf("broker up in %d ms%n", millisSince(started));

            long loadStart = System.nanoTime();
            rules.reload();
            int expectedRules = settings.generatedRules() + 3;
            if (rules.activeCount() != expectedRules) {
                throw new IllegalStateException(rules.activeCount() + " rules in force instead of " + expectedRules + ": "
                        + rules.states().stream().filter(s -> !s.problems().isEmpty()).limit(5).toList());
            }
            System.out.printf("%d rules loaded in %d ms%n", rules.activeCount(), millisSince(loadStart));

            long topicsStart = System.nanoTime();
            List<NewTopic> topics = new ArrayList<>();
            for (String name : concat(List.of(AlertTopology.DOCUMENTS, AlertTopology.ALERTS, io.newswatch.broker.Topics.STORIES,
                    io.newswatch.broker.Topics.BACKFILL), settings.ruleTopics() ? ruleTopics : Set.of())) {
                topics.add(new NewTopic(name, ruleTopics.contains(name) && !name.equals(AlertTopology.ALERTS) ? settings.rulePartitions()
                        : settings.partitions(), (short) 1));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicCreator.createAndAwait(admin, topics, Duration.ofMinutes(10));
            }
            System.out.printf("%d topics (%d partitions) created in %d ms%n", topics.size(), topics.stream().mapToInt(NewTopic::numPartitions).sum(),
                    millisSince(topicsStart));

            if (settings.generatedRules() == 0) { // with many rules this would take minutes; it is only informative
                int alerting = 0;
                long expectedAlerts = 0;
                for (Document d : corpus.subList(0, settings.warmup() + settings.documents() + settings.latencyDocuments())) {
                    int n = rules.match(d).size();
                    expectedAlerts += n;
                    alerting += n > 0 ? 1 : 0;
                }
                System.out.printf("%d of the documents sent match a rule (%d matches; near-duplicates in a story that already alerted "
                        + "for the rule do not alert)%n", alerting, expectedAlerts);
            }
            AtomicReference<Throwable> streamsFailure = new AtomicReference<>();
            KafkaStreams streams = new KafkaStreams(
                    AlertTopology.build(rules, new PipelineMetrics(new SimpleMeterRegistry()), Clock.systemUTC(),
                            io.newswatch.broker.Topics.DEFAULTS, storySettings(settings),
                            topic -> java.util.Optional.empty(), AlertTopology.DEFAULT_DEDUP_RETENTION, settings.ruleTopics(),
                            settings.headline().equals("matching")),
                    streamsProperties(bootstrap, work.resolve("streams"), settings.threads(), settings.commitMs()),
                    // preload=false: Kafka Streams' default clients, as before round five
                    settings.preload() ? new RuleTopicsClientSupplier(() -> settings.ruleTopics() ? List.copyOf(ruleTopics) : List.of())
                            : new org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier());
            streams.setUncaughtExceptionHandler(error -> {
                streamsFailure.set(error);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            // With archive=true the daemon's archiver runs beside the topology, as in the daemon: its own
            // thread and consumer over the same topics, writing an on-disk index.
            io.newswatch.archive.ArchiveIndex archiveIndex = settings.archive()
                    ? io.newswatch.archive.ArchiveIndex.openForWriting(work.resolve("archive")) : null;
            io.newswatch.archive.Archiver archiver = archiveIndex == null ? null : new io.newswatch.archive.Archiver(bootstrap,
                    AlertTopology.DOCUMENTS, AlertTopology.ALERTS, io.newswatch.broker.Topics.STORIES, archiveIndex,
                    new io.newswatch.archive.ArchiveRetention(Duration.ofDays(30), java.util.Optional.empty()),
                    new io.newswatch.archive.Archiver.Settings(Duration.ofSeconds(1), 2000, Duration.ofMinutes(1), Duration.ofSeconds(30),
                            Duration.ofMillis(500)), Clock.systemUTC());
            Thread archiverThread = archiver == null ? null : Thread.ofPlatform().daemon().name("newswatch-archiver").start(archiver);
            try (AlertWatcher watcher = new AlertWatcher(bootstrap, settings.partitions(), settings.partitions());
                    KafkaProducer<String, byte[]> producer = documentProducer(bootstrap)) {
                long streamsStart = System.nanoTime();
                streams.start();
                awaitRunning(streams, streamsFailure);
                System.out.printf("Kafka Streams RUNNING in %d ms%n", millisSince(streamsStart));

                DocumentSource source = new DocumentSource(corpus);
                Phase warmup = Phase.burst("warm-up", source.next(settings.warmup()), producer, watcher, streamsFailure);
                System.out.printf("warm-up: %d documents in %.1f s%n", settings.warmup(), warmup.seconds());

                if (archiver != null) {
                    awaitArchived(archiver, settings.warmup()); // the warm-up's archiving is not counted below
                }
                Map<String, Long> offsetsBefore = endOffsetsByTopic(bootstrap); // before the CPU window: its admin client is not the pipeline's
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                long cpuBefore = processCpuNanos();
                Map<String, Long> threadsBefore = cpuByThreadGroup();
                jdk.jfr.Recording recording = startRecording(settings);
                long streamCpuBefore = threadCpuNanos("-StreamThread-");
                long archiverCpuBefore = threadCpuNanos("newswatch-archiver") + threadCpuNanos("Lucene Merge Thread");
                Phase burst = Phase.burst("throughput", source.next(settings.documents()), producer, watcher, streamsFailure);
                if (archiver != null) {
                    // The archiver reads committed records behind the stream: the CPU window ends once it has
                    // archived and committed every document sent so far, so its whole cost per document is counted.
                    double lag = awaitArchived(archiver, settings.warmup() + settings.documents());
                    System.out.printf("archiver caught up %.2f s after the last story update%n", lag);
                }
                double cpuMsPerDoc = (processCpuNanos() - cpuBefore) / 1e6 / settings.documents();
                if (recording != null) {
                    recording.stop();
                    recording.close();
                    System.out.printf("profile of the throughput phase written to %s%n", recording.getDestination());
                }
                printCpuByThreadGroup(threadsBefore, cpuByThreadGroup(), settings.documents());
                printRecordsByTopic(offsetsBefore, endOffsetsByTopic(bootstrap), settings.documents());
                double streamCpuMsPerDoc = (threadCpuNanos("-StreamThread-") - streamCpuBefore) / 1e6 / settings.documents();
                double archiverCpuMsPerDoc = (threadCpuNanos("newswatch-archiver") + threadCpuNanos("Lucene Merge Thread") - archiverCpuBefore)
                        / 1e6 / settings.documents();
                double throughput = settings.documents() / burst.seconds();
                System.out.printf("throughput: %d documents, %d alerts in %.2f s = %.1f documents/s, %.0f alerts/s "
                                + "(sending took %.2f s); CPU %.2f ms/doc for the JVM, %.2f ms/doc on the stream thread(s), %.2f ms/doc archiving%n",
                        settings.documents(), burst.alerts(), burst.seconds(), throughput, burst.alerts() / burst.seconds(),
                        burst.sendSeconds(), cpuMsPerDoc, streamCpuMsPerDoc, archiverCpuMsPerDoc);
                System.out.printf("  queueing behind the backlog (not per-document latency): %s%n", burst.latencies());

                double rate = settings.rate() > 0 ? settings.rate() : Math.max(0.5, Math.floor(throughput / 2 * 10) / 10);
                long pacedCpuBefore = processCpuNanos();
                long pacedStreamCpuBefore = threadCpuNanos("-StreamThread-");
                Map<String, Long> pacedThreadsBefore = cpuByThreadGroup();
                jdk.jfr.Recording pacedRecording = startRecording(settings, "-latency");
                Phase steady = Phase.paced("latency", source.next(settings.latencyDocuments()), rate, producer, watcher, streamsFailure);
                if (pacedRecording != null) {
                    pacedRecording.stop();
                    pacedRecording.close();
                    System.out.printf("profile of the latency phase written to %s%n", pacedRecording.getDestination());
                }
                printCpuByThreadGroup(pacedThreadsBefore, cpuByThreadGroup(), steady.seconds(), "latency phase, CPU ms per second by thread");
                // CPU per second at two rates (the burst's and the paced one's) splits the JVM's CPU into a part that
                // grows with the documents and a part per second that does not (transactions every commit interval,
                // polling, the broker's bookkeeping): CPU per document alone depends on the rate the load allowed.
                CpuSplit split = new CpuSplit(throughput, cpuMsPerDoc * throughput,
                        settings.latencyDocuments() / steady.seconds(), (processCpuNanos() - pacedCpuBefore) / 1e6 / steady.seconds(),
                        (threadCpuNanos("-StreamThread-") - pacedStreamCpuBefore) / 1e6 / settings.latencyDocuments());
                System.out.printf("CPU split: %s%n", split);
                double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                System.out.printf("latency at %.1f documents/s, send -> first alert committed (%d alerting documents): %s%n", rate,
                        steady.latencies().count(), steady.latencies());
                System.out.printf("  of which send -> matched (the alert's time; wall clock, so about +-1 ms): %s%n", steady.toMatch());
                System.out.printf("  every document, send -> its story update committed (%d documents): %s%n", settings.latencyDocuments(),
                        steady.processed());
                return String.format("| %s | %d | %d | %s | %,d + %,d | %.1f | %.0f | %.2f / %.2f / %.2f | %s | %.1f docs/s: %s | %s | %.1f–%.1f |",
                        label, settings.partitions(), settings.threads(), settings.archive() ? "on" : "off", settings.documents(),
                        settings.latencyDocuments(),
                        throughput, burst.alerts() / burst.seconds(), cpuMsPerDoc, streamCpuMsPerDoc, archiverCpuMsPerDoc, split.compact(), rate,
                        steady.latencies().compact(), steady.processed().compact(), load, loadAfter);
            } finally {
                streams.close(Duration.ofSeconds(30));
                if (archiver != null) {
                    archiver.close();
                    archiverThread.join(10_000);
                    System.out.printf("archive: %d documents, %d alerts archived%n", archiver.archivedDocuments(), archiver.archivedAlerts());
                    archiveIndex.close();
                }
            }
        } finally {
            deleteTree(work);
        }
    }

    // ------------------------------------------------------------------------------------ phases

    /**
     * When a document's first alert became visible ({@link System#nanoTime()}), and the time the
     * topology stamped on it when it matched (wall clock), which splits the latency in two.
     */
    record FirstAlert(long visibleAt, Instant matchedAt) {}


    /**
     * The JVM's CPU in the throughput phase (documents as fast as they go) and the latency phase (a fixed, lower
     * rate), as milliseconds of CPU per second of wall time, and the line through the two points: {@code marginal}
     * ms per document and {@code fixed} ms per second that the pipeline spends whatever the rate (commits,
     * polling, transaction bookkeeping). The burst's rate includes its drain, so this is an estimate; a negative
     * fixed part or a marginal part above the burst's CPU per document means the load changed between the phases.
     */
    record CpuSplit(double burstRate, double burstMsPerSecond, double pacedRate, double pacedMsPerSecond, double pacedStreamMsPerDoc) {

        double marginal() {
            return (burstMsPerSecond - pacedMsPerSecond) / (burstRate - pacedRate);
        }

        double fixed() {
            return pacedMsPerSecond - pacedRate * marginal();
        }

        String compact() {
            return String.format("%.0f ms/s at %.1f docs/s (%.2f ms/doc, stream threads %.2f); %.2f ms/doc; %.0f ms/s",
                    pacedMsPerSecond, pacedRate, pacedMsPerSecond / pacedRate, pacedStreamMsPerDoc, marginal(), fixed());
        }

        @Override
        public String toString() {
            return String.format("JVM %.0f ms CPU/s at %.1f docs/s (burst), %.0f ms CPU/s at %.1f docs/s (paced; stream threads %.2f ms/doc): "
                    + "marginal %.2f ms per document, fixed %.0f ms per second", burstMsPerSecond, burstRate, pacedMsPerSecond, pacedRate,
                    pacedStreamMsPerDoc, marginal(), fixed());
        }
    }

    /** Latency percentiles in milliseconds, nearest-rank. */
    record Latencies(int count, double p50, double p90, double p99, double max) {
        static Latencies of(List<Long> nanos) {
            return of(nanos.stream().mapToLong(Long::longValue).toArray());
        }

        static Latencies of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return new Latencies(0, 0, 0, 0, 0);
            }
            return new Latencies(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        }

        private static double rank(long[] sorted, double fraction) {
            int index = (int) Math.ceil(fraction * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1e6;
        }

        String compact() {
            return String.format("%.0f / %.0f / %.0f / %.0f ms", p50, p90, p99, max);
        }

        @Override
        public String toString() {
            return String.format("p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d)", p50, p90, p99, max, count);
        }
    }

    /** What one phase measured: latencies to the first committed alert (alerting documents) and to the committed story update (all). */
    record Phase(double seconds, double sendSeconds, long alerts, Latencies latencies, Latencies toMatch, Latencies processed) {
        /** Sends every document as fast as the producer accepts them. */
        static Phase burst(String name, List<Document> documents, KafkaProducer<String, byte[]> producer, AlertWatcher watcher,
                AtomicReference<Throwable> failure) throws Exception {
            return run(name, documents, 0, producer, watcher, failure);
        }

        /** Sends document k at start + k / rate (open loop). */
        static Phase paced(String name, List<Document> documents, double rate, KafkaProducer<String, byte[]> producer,
                AlertWatcher watcher, AtomicReference<Throwable> failure) throws Exception {
            return run(name, documents, rate, producer, watcher, failure);
        }

        private static Phase run(String name, List<Document> documents, double rate, KafkaProducer<String, byte[]> producer,
                AlertWatcher watcher, AtomicReference<Throwable> failure) throws Exception {
            long alertsBefore = watcher.alerts();
            long[] sentAt = new long[documents.size()];
            Instant[] sentWall = new Instant[documents.size()];
            AtomicReference<Exception> sendFailure = new AtomicReference<>();
            long start = System.nanoTime();
            for (int k = 0; k < documents.size(); k++) {
                Document document = documents.get(k);
                if (rate > 0) {
                    long due = start + (long) (k * 1e9 / rate);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    sentAt[k] = due;
                } else {
                    sentAt[k] = System.nanoTime();
                }
                sentWall[k] = Instant.now().minusNanos(System.nanoTime() - sentAt[k]);
                producer.send(new ProducerRecord<>(AlertTopology.DOCUMENTS, document.id(), DocumentJson.write(document)),
                        (metadata, error) -> {
                            if (error != null) {
                                sendFailure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            if (sendFailure.get() != null) {
                throw new IllegalStateException(name + ": a document could not be sent", sendFailure.get());
            }
            long last = watcher.awaitProcessed(documents.stream().map(Document::id).toList(), failure, name);
            List<Long> latencies = new ArrayList<>();
            List<Long> toMatch = new ArrayList<>();
            long[] processed = new long[documents.size()];
            for (int k = 0; k < documents.size(); k++) {
                String id = documents.get(k).id();
                processed[k] = watcher.processedAt(id) - sentAt[k];
                FirstAlert first = watcher.firstAlert(id);
                if (first != null) {
                    latencies.add(first.visibleAt() - sentAt[k]);
                    toMatch.add(Duration.between(sentWall[k], first.matchedAt()).toNanos());
                }
            }
            return new Phase((last - start) / 1e9, sendSeconds, watcher.alerts() - alertsBefore, Latencies.of(latencies),
                    Latencies.of(toMatch), Latencies.of(processed));
        }
    }

    /**
     * Reads {@code newswatch.alerts} and {@code newswatch.stories} from the beginning with
     * {@code read_committed} on its own thread and notes, per document, when its first alert and
     * when the story update naming it became visible. Every document processed updates its story in
     * the same transaction as its alerts, so the story update says "processed and committed" also for
     * documents that match no rule. An alert id seen twice fails the run (exactly once).
     */
    static final class AlertWatcher implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, FirstAlert> firstAlert = new ConcurrentHashMap<>();
        private final Map<String, Long> processedAt = new ConcurrentHashMap<>();
        private final Set<String> alertIds = ConcurrentHashMap.newKeySet();
        private final org.apache.kafka.common.serialization.Deserializer<StoryView> stories = StoryView.serde().deserializer();
        private final AtomicLong alerts = new AtomicLong();
        private volatile boolean running = true;
        private volatile RuntimeException failure;
        private final Thread thread;

        AlertWatcher(String bootstrap, int alertPartitions, int storyPartitions) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipeline-benchmark-alerts");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < alertPartitions; p++) {
                assigned.add(new TopicPartition(AlertTopology.ALERTS, p));
            }
            for (int p = 0; p < storyPartitions; p++) {
                assigned.add(new TopicPartition(io.newswatch.broker.Topics.STORIES, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            thread = Thread.ofPlatform().name("pipeline-benchmark-alerts").start(this::poll);
        }

        private void poll() {
            try {
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        if (record.topic().equals(AlertTopology.ALERTS)) {
                            Alert alert = AlertCodec.decode(record.value());
                            if (!alertIds.add(alert.id())) {
                                throw new IllegalStateException("alert " + alert.id() + " seen twice (rule " + alert.rule().id()
                                        + ", document " + alert.document().id() + ")");
                            }
                            firstAlert.putIfAbsent(alert.document().id(), new FirstAlert(now, alert.time()));
                            alerts.incrementAndGet();
                        } else {
                            StoryView story = stories.deserialize(record.topic(), record.value());
                            List<StoryView.Item> items = story.documents();
                            // The document that caused this update: named by `joined` (also past the story's first
                            // 500 listed documents); else the story's latest, earlier ones were seen before.
                            if (story.joined() != null) {
                                processedAt.putIfAbsent(story.joined().id(), now);
                            } else if (!items.isEmpty()) {
                                processedAt.putIfAbsent(items.get(items.size() - 1).id(), now);
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        long alerts() {
            return alerts.get();
        }

        /** The first alert on the document, or null if it has none (yet). */
        FirstAlert firstAlert(String documentId) {
            return firstAlert.get(documentId);
        }

        long processedAt(String documentId) {
            Long at = processedAt.get(documentId);
            if (at == null) {
                throw new IllegalStateException("no story update seen for document " + documentId);
            }
            return at;
        }

        /** Waits until every document's story update has been seen; returns when the last of them became visible. */
        long awaitProcessed(List<String> ids, AtomicReference<Throwable> streamsFailure, String phase) throws InterruptedException {
            long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
            int done = 0;
            while (done < ids.size()) {
                if (processedAt.containsKey(ids.get(done))) {
                    done++;
                    continue;
                }
                if (failure != null) {
                    throw new IllegalStateException(phase + ": the alert consumer failed", failure);
                }
                if (streamsFailure.get() != null) {
                    throw new IllegalStateException(phase + ": Kafka Streams failed", streamsFailure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(phase + ": " + done + " of " + ids.size() + " documents processed after " + PHASE_TIMEOUT);
                }
                Thread.sleep(2);
            }
            // The alerts are in the same transactions; give the consumer one more poll to have fetched them all.
            Thread.sleep(150);
            long last = 0;
            for (String id : ids) {
                last = Math.max(last, processedAt.get(id));
            }
            return last;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }

    // ------------------------------------------------------------------------------- documents

    /** The corpus's documents in file-name order, each id once (a document sent twice would be dropped by deduplication). */
    private static List<Document> corpus(Path folder) throws Exception {
        DocumentFileReader reader = new DocumentFileReader();
        Map<String, Document> byId = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>(reader.listFiles(folder));
        files.sort(Comparator.naturalOrder());
        for (Path file : files) {
            Document document = reader.read(file, Instant.now());
            byId.putIfAbsent(document.id(), document);
        }
        if (byId.isEmpty()) {
            throw new IllegalStateException("no documents under " + folder + "; run from the repository root");
        }
        double chars = byId.values().stream().mapToInt(d -> d.title().length() + d.body().length()).average().orElse(0);
        System.out.printf("corpus %s: %d distinct documents, %.0f characters on average%n", folder, byId.size(), chars);
        return List.copyOf(byId.values());
    }

    /** The corpus in order, each document once, stamped with the time it is taken (its ingest time). */
    static final class DocumentSource {
        private final List<Document> documents;
        private int next;

        DocumentSource(List<Document> documents) {
            this.documents = documents;
        }

        List<Document> next(int count) {
            List<Document> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++, next++) {
                Document d = documents.get(next);
                out.add(new Document(d.id(), d.source(), d.location(), d.title(), d.body(), d.published(),
                        d.language(), Instant.now(), d.authors(), d.categories()));
            }
            return out;
        }
    }

    // --------------------------------------------------------------------------------- plumbing

    /** The daemon's Streams settings from application.properties, with a private application id and state directory. */
    /** The daemon's story settings, with {@code semantic=} as {@code NEWSWATCH_STORIES_SEMANTIC_WEIGHT} (0 = words only, no model). */
    private static StoryPipelineSettings storySettings(Settings settings) {
        StoryPipelineSettings defaults = StoryPipelineSettings.defaults();
        if (settings.semantic() == 0) {
            return defaults.withClustering(StorySettings.wordsOnly());
        }
        return defaults.withClustering(StorySettings.defaults().withSemanticWeight(settings.semantic())).withEncoder(encoder(settings.onnx()));
    }

    static Properties streamsProperties(String bootstrap, Path stateDir, int threads) {
        return streamsProperties(bootstrap, stateDir, threads, 100);
    }

    static Properties streamsProperties(String bootstrap, Path stateDir, int threads, int commitMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "newswatch-benchmark");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs);
        props.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUndecodableDocuments.class);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        return props;
    }

    /** The settings of {@code KafkaDocumentSink} (idempotent, acks=all, lz4), sending without waiting for each ack. */
    private static KafkaProducer<String, byte[]> documentProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "pipeline-benchmark-documents",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Waits until {@code archiver} has archived {@code documents} documents and committed them; the seconds waited. */
    private static double awaitArchived(io.newswatch.archive.Archiver archiver, long documents) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + PHASE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (archiver.committedDocuments() >= documents) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the archiver archived " + archiver.archivedDocuments() + " of " + documents + " documents in "
                + PHASE_TIMEOUT);
    }

    private static void awaitRunning(KafkaStreams streams, AtomicReference<Throwable> failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (failure.get() != null) {
                throw new IllegalStateException("Kafka Streams failed to start", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams not RUNNING after 120 s (state " + streams.state() + ")");
            }
            Thread.sleep(20);
        }
    }

    private static void copyShippedRules(Path into) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("rules"), "*.yml")) {
            for (Path file : files) {
                Files.copy(file, into.resolve(file.getFileName()));
            }
        }
    }

    /** Held so the levels set on them are not lost when the loggers are collected. */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    /**
     * Kafka's INFO chatter and the per-alert INFO line would flood the console (and the terminal would
     * become the bottleneck); warnings and errors still show. Set through java.util.logging, which JBoss
     * Logging and slf4j end up in both under Maven and under JBoss LogManager.
     */
    private static void quietLogs() {
        for (String category : List.of("kafka", "org.apache.kafka", "state.change.logger", "io.newswatch")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIETED.add(logger);
        }
    }

    /** The sum of every partition's end offset, per topic (records and transaction markers written so far). */
    private static Map<String, Long> endOffsetsByTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (var description : admin.describeTopics(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(false))
                    .names().get()).allTopicNames().get().values()) {
                description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest()));
            }
            Map<String, Long> byTopic = new java.util.TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> byTopic.merge(partition.topic(), info.offset(), Long::sum));
            return byTopic;
        }
    }

    /**
     * What Kafka carried per document in the phase, by topic: offsets advanced (records, plus one transaction marker per
     * partition per commit), e.g. the story-terms changelog's records show how many term counts each document rewrites.
     */
    private static void printRecordsByTopic(Map<String, Long> before, Map<String, Long> after, int documents) {
        StringBuilder line = new StringBuilder("  offsets per document by topic (records + transaction markers):");
        after.entrySet().stream().filter(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L) > 0)
                .sorted((a, b) -> Long.compare(b.getValue() - before.getOrDefault(b.getKey(), 0L), a.getValue() - before.getOrDefault(a.getKey(), 0L)))
                .forEach(e -> line.append(String.format(" %s %.2f;", e.getKey().replace("newswatch-benchmark-", ""),
                        (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / (double) documents)));
        System.out.println(line);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU of the threads whose name contains {@code part} ("-StreamThread-": deserialise, deduplicate, match, cluster, produce). */
    private static long threadCpuNanos(String part) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            // "kafka-producer-network-thread | <app>-StreamThread-1-producer" is the producer's I/O, not a stream thread.
            if (info != null && info.getThreadName().contains(part) && !info.getThreadName().startsWith("kafka-producer-network-thread")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** {@code profile=FILE}: a JFR recording (profile settings, deep stacks) of the throughput phase only, one file per configuration. */
    private static jdk.jfr.Recording startRecording(Settings settings) throws Exception {
        return startRecording(settings, "");
    }

    /** {@code phase}: "" for the throughput phase (the file name of the earlier rounds), else a suffix such as "-latency". */
    private static jdk.jfr.Recording startRecording(Settings settings, String phase) throws Exception {
        String base = System.getProperty("newswatch.benchmark.profile");
        if (base == null || base.isBlank()) {
            return null;
        }
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
        // JDK 25's CPU-time sampler: one sample per 10 ms of a thread's CPU, also while it runs native code (ONNX
        // Runtime), which jdk.ExecutionSample does not see; PipelineProfile splits these samples by stage.
        recording.enable("jdk.CPUTimeSample").with("throttle", "2ms").withStackTrace();
        recording.setDestination(Path.of(String.format("%s-rules%d-threads%d-archive%s%s%s.jfr", base, settings.generatedRules(), settings.threads(),
                settings.archive() ? "on" : "off", settings.variant().replaceAll("[^A-Za-z0-9.]+", "-"), phase)));
        recording.start();
        return recording;
    }

    /** Thread CPU summed by thread name with numbers and ids taken out ("data-plane-kafka-request-handler-N"). */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new java.util.TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                String group = info.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "X").replaceAll("\\d+", "N");
                groups.merge(group, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
            }
        }
        return groups;
    }

    private static void printCpuByThreadGroup(Map<String, Long> before, Map<String, Long> after, int documents) {
        printCpuByThreadGroup(before, after, documents, "CPU ms/doc by thread");
    }

    /** {@code per}: documents (CPU per document) or seconds (CPU per second), named by {@code what}. */
    private static void printCpuByThreadGroup(Map<String, Long> before, Map<String, Long> after, double per, String what) {
        List<Map.Entry<String, Double>> used = new ArrayList<>();
        after.forEach((group, nanos) -> used.add(Map.entry(group, (nanos - before.getOrDefault(group, 0L)) / 1e6 / per)));
        used.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        StringBuilder line = new StringBuilder("  " + what + ":");
        for (Map.Entry<String, Double> e : used.subList(0, Math.min(8, used.size()))) {
            line.append(String.format(" %s %.2f;", e.getKey(), e.getValue()));
        }
        System.out.println(line);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static List<String> concat(List<String> first, Set<String> second) {
        Set<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
