package io.newswatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.alerts.Alert;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.broker.Topics;
import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.document.DocumentJson;
import io.newswatch.testing.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged daemons on one external broker form one Kafka Streams application and split the
 * partitions of {@code newswatch.documents}. While documents stream in, the instance running the
 * story-clustering task (the one that writes the alerts) is killed with SIGKILL, so its open
 * transaction is left behind. The survivor is given every partition once the dead member's
 * session has expired, and a {@code read_committed} reader of the alert topics then sees every
 * expected alert exactly once: none lost with the dead transaction, none written twice by the
 * survivor redoing the work, and no document alerting again when it is published a second time
 * after the hand-over (the processed-documents store moved with its changelog).
 */
class PipelineScaleOutIT {
    static final String RULE = "scale-out";
    static final String TRIGGER = "zanzibar";
    static final int DOCUMENTS = 360;
    static final int REPEATED = 40;
    static final int PARTITIONS = 4;
    /** {@code kafka-streams.session.timeout.ms} in application.properties, which the daemons run with. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    /** Rejoin after the eviction: the survivor's next heartbeat (2 s) and one rebalance on a loaded 2-core machine. */
    static final Duration REBALANCE_ALLOWANCE = Duration.ofSeconds(8);
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TempDir Path work;

    @Test
    void theSurvivorTakesOverWithinTheSessionTimeoutAndEveryAlertIsOnTheTopicsExactlyOnce() throws Exception {
        EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", DaemonProcess.freePort());
        Path rules = Files.createDirectories(work.resolve("rules"));
        Files.writeString(rules.resolve(RULE + ".yml"), """
                id: %s
                title: Scale-out test
                severity: low
                query: %s
                """.formatted(RULE, TRIGGER));
        Map<String, DaemonProcess> daemons = new TreeMap<>();
        List<Document> documents = documents();
        Set<String> expected = documents.stream().filter(d -> d.body().contains(TRIGGER))
                .map(d -> Alert.idFor(RULE, d.id())).collect(Collectors.toSet());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
             AlertReader all = new AlertReader(broker.bootstrapServers(), Topics.ALERTS);
             AlertReader ruleTopic = new AlertReader(broker.bootstrapServers(), Topics.ruleTopic(RULE))) {
            for (String name : List.of("a", "b")) {
                daemons.put(name, DaemonProcess.start(Map.ofEntries(
                        Map.entry("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                        Map.entry("NEWSWATCH_SEEDS_DIR", Files.createDirectories(work.resolve("seeds-" + name)).toString()),
                        Map.entry("NEWSWATCH_RULES_DIR", rules.toString()),
                        Map.entry("NEWSWATCH_DATA_DIR", work.resolve("data-" + name).toString()),
                        Map.entry("NEWSWATCH_FEEDS_ENABLED", "false"),
                        Map.entry("NEWSWATCH_ARCHIVE_ENABLED", "false"),
                        Map.entry("NEWSWATCH_KAFKA_PARTITIONS", String.valueOf(PARTITIONS)),
                        Map.entry("NEWSWATCH_STREAM_THREADS", "1")), work.resolve("daemon-" + name + ".log")));
            }
            for (DaemonProcess daemon : daemons.values()) {
                daemon.awaitReady(Duration.ofSeconds(150));
            }
            Map<String, Set<TopicPartition>> split = awaitAssignment(admin, 2, Duration.ofSeconds(60), daemons);
            split.values().forEach(partitions -> assertTrue(partitions.stream().anyMatch(p -> p.topic().equals(Topics.DOCUMENTS)),
                    "both instances match documents: " + split));
            String victim = clusteringOwner(split, daemons);
            String survivor = victim.equals("a") ? "b" : "a";
            System.out.printf("partitions split: %s; killing %s, which runs the clustering task%n", describe(split), victim);

            AtomicInteger published = new AtomicInteger();
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> publish(producer, documents, Duration.ofMillis(25), published));
            long flowing = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((published.get() < DOCUMENTS / 3 || all.alerts().isEmpty()) && System.nanoTime() < flowing) {
                all.awaitAtLeast(all.alerts().size() + 1, Duration.ofMillis(100));
            }
            assertTrue(!all.alerts().isEmpty(), "alerts flow before the kill:\n" + logs(daemons));
            assertTrue(published.get() < DOCUMENTS * 2 / 3, "the kill must land mid-stream; " + published.get() + " published already");
            daemons.get(victim).kill();
            long killed = System.nanoTime();
            int alertsAtKill = all.alerts().size();
            // Alerts of documents published from now on can only come from the survivor.
            Set<String> afterKill = documents.subList(Math.min(published.get() + 1, DOCUMENTS), DOCUMENTS).stream()
                    .filter(d -> d.body().contains(TRIGGER)).map(d -> Alert.idFor(RULE, d.id())).collect(Collectors.toSet());

            Duration takeover = null;
            Duration nextAlert = null;
            while ((takeover == null || nextAlert == null) && System.nanoTime() - killed < Duration.ofSeconds(90).toNanos()) {
                all.awaitAtLeast(all.alerts().size() + 1, Duration.ofMillis(300));
                if (nextAlert == null && all.alerts().stream().anyMatch(a -> afterKill.contains(a.id()))) {
                    nextAlert = Duration.ofNanos(System.nanoTime() - killed);
                }
                if (takeover == null && soleOwner(admin).isPresent()) {
                    takeover = Duration.ofNanos(System.nanoTime() - killed);
                }
            }
            assertTrue(takeover != null, "the survivor was not given every partition within 90 s:\n" + logs(daemons));
            assertTrue(nextAlert != null, "no alert of a document published after the kill within 90 s:\n" + logs(daemons));
            stream.get(60, TimeUnit.SECONDS);
            // Published again after the hand-over: the survivor's store (restored from the
            // changelog) knows them, whichever instance processed them first.
            publish(producer, documents.subList(0, REPEATED), Duration.ZERO, new AtomicInteger());

            all.awaitAtLeast(expected.size(), Duration.ofSeconds(60));
            ruleTopic.awaitAtLeast(expected.size(), Duration.ofSeconds(30));
            Duration quiet = Duration.ofSeconds(5); // anything written twice would arrive by now
            List<String> onAll = all.drain(quiet).stream().map(ConsumerRecord::key).toList();
            List<String> onRule = ruleTopic.drain(Duration.ofSeconds(1)).stream().map(ConsumerRecord::key).toList();
            System.out.printf("%d documents (%d again after the hand-over), %d alerts expected; %d on %s, %d on %s; "
                            + "%d before the kill; survivor %s given every partition %d ms after the kill "
                            + "(session timeout %d ms), first alert of a document published after the kill at %d ms%n",
                    DOCUMENTS, REPEATED, expected.size(), onAll.size(), Topics.ALERTS, onRule.size(), Topics.ruleTopic(RULE),
                    alertsAtKill, survivor, takeover.toMillis(), SESSION_TIMEOUT.toMillis(), nextAlert.toMillis());

            assertExactlyOnce(expected, onAll, Topics.ALERTS, daemons);
            assertExactlyOnce(expected, onRule, Topics.ruleTopic(RULE), daemons);
            assertTrue(takeover.compareTo(SESSION_TIMEOUT.plus(REBALANCE_ALLOWANCE)) <= 0,
                    "the survivor took " + takeover.toMillis() + " ms to be given every partition (session timeout "
                            + SESSION_TIMEOUT.toMillis() + " ms):\n" + logs(daemons));
            assertTrue(daemons.get(survivor).isAlive(), "the survivor is still running");
            assertEquals(200, daemons.get(survivor).get("/q/health/ready").statusCode(), "the survivor is ready");
        } finally {
            for (DaemonProcess daemon : daemons.values()) {
                daemon.close();
            }
            broker.close();
        }
    }

    private static void assertExactlyOnce(Set<String> expected, List<String> keys, String topic, Map<String, DaemonProcess> daemons)
            throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        keys.forEach(k -> counts.merge(k, 1, Integer::sum));
        Map<String, Integer> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(counts.keySet());
        Set<String> unexpected = new HashSet<>(counts.keySet());
        unexpected.removeAll(expected);
        assertTrue(twice.isEmpty(), twice.size() + " alert(s) more than once on " + topic + ": " + twice);
        assertTrue(missing.isEmpty(), missing.size() + " alert(s) missing on " + topic + ": " + missing + "\n" + logs(daemons));
        assertTrue(unexpected.isEmpty(), "unexpected alerts on " + topic + ": " + unexpected);
    }

    /**
     * Distinct texts: random words from a large vocabulary, so no two are near-duplicates (which the
     * story step would keep from alerting); two in three contain the rule's word.
     */
    static List<Document> documents() {
        Random random = new Random(12);
        List<Document> documents = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < DOCUMENTS; i++) {
            StringBuilder body = new StringBuilder();
            for (int w = 0; w < 40; w++) {
                body.append(w == 0 ? "" : " ").append(word(random));
            }
            if (i % 3 != 0) {
                body.append(' ').append(TRIGGER);
            }
            body.append('.');
            String title = "Report " + i + " " + word(random) + " " + word(random);
            String text = title + "\n\n" + body;
            documents.add(new Document(DocumentIds.forText(text), "file", "scale/" + i + ".txt", title, body.toString(),
                    null, "en", now, List.of(), List.of()));
        }
        return documents;
    }

    private static String word(Random random) {
        String letters = "bcdfghjklmnprstvz";
        String vowels = "aeiou";
        StringBuilder word = new StringBuilder();
        for (int s = 0; s < 3; s++) {
            word.append(letters.charAt(random.nextInt(letters.length()))).append(vowels.charAt(random.nextInt(vowels.length())));
        }
        return word.toString();
    }

    private static void publish(KafkaProducer<String, byte[]> producer, List<Document> documents, Duration pause, AtomicInteger count) {
        try {
            for (Document document : documents) {
                producer.send(new ProducerRecord<>(Topics.DOCUMENTS, document.id(), DocumentJson.write(document))).get();
                count.incrementAndGet();
                if (!pause.isZero()) {
                    Thread.sleep(pause);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("publishing documents failed", e);
        }
    }

    private static ConsumerGroupDescription group(Admin admin) throws Exception {
        return admin.describeConsumerGroups(List.of(Topics.STREAMS_APPLICATION)).describedGroups()
                .get(Topics.STREAMS_APPLICATION).get(5, TimeUnit.SECONDS);
    }

    /** Per member client id, its partitions, once the group is stable with {@code members} members holding every input partition. */
    private static Map<String, Set<TopicPartition>> awaitAssignment(Admin admin, int members, Duration timeout,
                                                                    Map<String, DaemonProcess> daemons) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<TopicPartition>> last = Map.of();
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription group = group(admin);
            last = assignment(group);
            if (group.groupState() == GroupState.STABLE && group.members().size() == members && holdsAllInput(last.values())) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the group did not settle with " + members + " members: " + last + "\n" + logs(daemons));
    }

    /** The client id of the only member when it holds every input partition. */
    private static Optional<String> soleOwner(Admin admin) throws Exception {
        ConsumerGroupDescription group = group(admin);
        Map<String, Set<TopicPartition>> assignment = assignment(group);
        if (group.groupState() == GroupState.STABLE && assignment.size() == 1 && holdsAllInput(assignment.values())) {
            return Optional.of(assignment.keySet().iterator().next());
        }
        return Optional.empty();
    }

    private static Map<String, Set<TopicPartition>> assignment(ConsumerGroupDescription group) {
        Map<String, Set<TopicPartition>> byClient = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            byClient.computeIfAbsent(member.clientId(), c -> new HashSet<>()).addAll(member.assignment().topicPartitions());
        }
        return byClient;
    }

    /** Every partition of the documents topic and the clustering task's one repartition partition. */
    private static boolean holdsAllInput(java.util.Collection<Set<TopicPartition>> assignments) {
        Set<TopicPartition> held = new HashSet<>();
        assignments.forEach(held::addAll);
        for (int p = 0; p < PARTITIONS; p++) {
            if (!held.contains(new TopicPartition(Topics.DOCUMENTS, p))) {
                return false;
            }
        }
        return held.stream().anyMatch(PipelineScaleOutIT::isClustering);
    }

    private static boolean isClustering(TopicPartition partition) {
        return partition.topic().startsWith(Topics.STREAMS_APPLICATION + "-") && partition.topic().endsWith("-repartition");
    }

    /**
     * The daemon whose Streams member holds the clustering task: a member's client id carries the
     * instance's process id, which Kafka Streams keeps in its state directory.
     */
    private String clusteringOwner(Map<String, Set<TopicPartition>> split, Map<String, DaemonProcess> daemons) throws Exception {
        String client = split.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(PipelineScaleOutIT::isClustering))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        for (String name : daemons.keySet()) {
            Path metadata = work.resolve("data-" + name).resolve("streams")
                    .resolve(Topics.STREAMS_APPLICATION).resolve("kafka-streams-process-metadata");
            Matcher processId = UUID.matcher(Files.exists(metadata) ? Files.readString(metadata) : "");
            if (processId.find() && client.contains(processId.group())) {
                return name;
            }
        }
        throw new AssertionError("no daemon's process id is in the clustering member's client id " + client);
    }

    private static String describe(Map<String, Set<TopicPartition>> split) {
        Map<String, List<String>> text = new TreeMap<>();
        split.forEach((client, partitions) -> text.put(client, partitions.stream().map(TopicPartition::toString).sorted().toList()));
        return text.toString();
    }

    private static String logs(Map<String, DaemonProcess> daemons) throws Exception {
        StringBuilder text = new StringBuilder();
        for (var daemon : daemons.entrySet()) {
            String log = daemon.getValue().logText();
            text.append("---- daemon ").append(daemon.getKey()).append('\n')
                    .append(log.length() > 20_000 ? log.substring(log.length() - 20_000) : log);
        }
        return text.toString();
    }
}
