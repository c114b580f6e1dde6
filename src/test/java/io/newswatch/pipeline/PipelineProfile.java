package io.newswatch.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Splits a {@link PipelineBenchmark} profile ({@code -Dnewswatch.benchmark.profile=...}) into pipeline stages per
 * thread group: for every CPU-time sample ({@code jdk.CPUTimeSample}, JDK 25, which also samples a thread running
 * native code such as ONNX Runtime; {@code jdk.ExecutionSample} when a recording has none) the innermost frame that
 * names a stage decides the stage, walking from the leaf towards the thread's root. Broker request handlers are split
 * by the Kafka API they serve. Not a unit test: it prints a table.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:CLASSPATH io.newswatch.pipeline.PipelineProfile FILE.jfr...
 * </pre>
 */
public final class PipelineProfile {
    private PipelineProfile() {}

    /** Stage names by a substring of a frame's {@code class.method}, checked in this order on each frame, leaf first. */
    static final List<Map.Entry<String, String>> STAGES = List.of(
            Map.entry("ai.onnxruntime", "model (ONNX inference)"),
            Map.entry("ai.djl", "model (tokenizer)"),
            Map.entry("HeadlineEncoder", "model (tokenizer, tensors)"),
            Map.entry("StoredStory.lambda$serde", "stories store: StoredStory JSON"),
            Map.entry("StoryView", "stories topic: StoryView JSON"),
            Map.entry("MatchedDocument.write", "repartition record: encode"),
            Map.entry("MatchedDocument.read", "repartition record: decode"),
            Map.entry("RoutedAlert.lambda$serde", "alert record: encode"),
            Map.entry("AlertCodec", "alert record: encode"),
            Map.entry("DocumentJson.read", "parse document JSON"),
            Map.entry("io.newswatch.matching", "match"),
            Map.entry("io.newswatch.classify", "match"),
            Map.entry("io.newswatch.stories", "stories (clustering)"),
            Map.entry("ClusterDocuments.saveTerms", "stories: term store puts"),
            Map.entry("ClusterDocuments", "stories: pipeline side"),
            Map.entry("DeduplicateDocuments", "dedup store"),
            Map.entry("AlertOnce", "alert dedup store"),
            Map.entry("org.rocksdb", "RocksDB"),
            Map.entry("commitTransaction", "transaction commit"),
            Map.entry("sendOffsetsToTransaction", "transaction commit"),
            Map.entry("TaskExecutor.commit", "transaction commit"),
            Map.entry("TaskManager.commit", "transaction commit"),
            Map.entry("StreamThread.maybeCommit", "transaction commit"),
            Map.entry("ThreadCache", "Streams record cache"),
            Map.entry("KafkaProducer", "Kafka producer client"),
            Map.entry("RecordCollectorImpl", "Kafka producer client"),
            Map.entry("RecordAccumulator", "Kafka producer client"),
            Map.entry("KafkaConsumer", "Kafka consumer client"),
            Map.entry("ClassicKafkaConsumer", "Kafka consumer client"),
            Map.entry("AsyncKafkaConsumer", "Kafka consumer client"),
            Map.entry("StreamThread.pollRequests", "Kafka consumer client"),
            Map.entry("org.apache.kafka.streams", "Kafka Streams (other)"),
            Map.entry("org.apache.kafka.clients", "Kafka client (other)"),
            Map.entry("org.apache.kafka.common.network", "Kafka network"),
            Map.entry("sun.nio.ch", "network I/O"));

    public static void main(String[] args) throws IOException {
        for (String file : args) {
            print(Path.of(file));
        }
    }

    static void print(Path file) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        String type = events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"))
                ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        Map<String, Map<String, Integer>> byGroup = new TreeMap<>();
        int top = Integer.getInteger("top", 0);
        Map<String, Map<String, Integer>> frames = new TreeMap<>();
        int total = 0;
        for (RecordedEvent event : events) {
            if (!event.getEventType().getName().equals(type)) {
                continue;
            }
            RecordedThread thread = event.getThread(type.equals("jdk.CPUTimeSample") ? "eventThread" : "sampledThread");
            String group = thread == null || thread.getJavaName() == null ? "(native thread)" : group(thread.getJavaName());
            String stage = stage(event.getStackTrace(), group);
            byGroup.computeIfAbsent(group, g -> new TreeMap<>()).merge(stage, 1, Integer::sum);
            if (top > 0 && event.getStackTrace() != null) {
                frames.computeIfAbsent(group, g -> new TreeMap<>()).merge(innermost(event.getStackTrace()), 1, Integer::sum);
            }
            total++;
        }
        System.out.printf("%n%s: %d %s samples%n", file.getFileName(), total, type);
        List<Map.Entry<String, Map<String, Integer>>> groups = new ArrayList<>(byGroup.entrySet());
        groups.sort((a, b) -> Integer.compare(sum(b.getValue()), sum(a.getValue())));
        for (var group : groups) {
            int n = sum(group.getValue());
            if (n * 200 < total) {
                continue; // below 0.5 %
            }
            System.out.printf("  %-70s %5d samples %5.1f %%%n", group.getKey(), n, 100.0 * n / total);
            group.getValue().entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                    .filter(e -> e.getValue() * 100 >= n)
                    .forEach(e -> System.out.printf("      %-66s %5.1f %% of the group%n", e.getKey(), 100.0 * e.getValue() / n));
            if (top > 0) {
                System.out.printf("    innermost newswatch frame (-Dtop=%d):%n", top);
                frames.getOrDefault(group.getKey(), Map.of()).entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                        .limit(top).forEach(e -> System.out.printf("      %-66s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / n));
            }
        }
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The innermost io.newswatch frame of a sample (class.method), or its top frame's package when it has none. */
    static String innermost(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("io.newswatch.")) {
                return type.substring("io.newswatch.".length()) + "." + frame.getMethod().getName();
            }
        }
        return stack.getFrames().isEmpty() ? "(empty)" : "(no newswatch frame) " + stack.getFrames().get(0).getMethod().getType().getName();
    }

    static String group(String threadName) {
        return threadName.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "X").replaceAll("\\d+", "N");
    }

    /** The stage of one sample: broker threads by Kafka API, every other thread by {@link #STAGES}. */
    static String stage(RecordedStackTrace stack, String group) {
        if (stack == null) {
            return "(no stack)";
        }
        List<RecordedFrame> frames = stack.getFrames();
        boolean broker = group.startsWith("data-plane-kafka-request-handler");
        Map<String, String> seen = new LinkedHashMap<>();
        for (RecordedFrame frame : frames) {
            String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            if (name.startsWith("kafka.server.KafkaApis.handle") && !name.equals("kafka.server.KafkaApis.handle")) {
                return "broker: " + frame.getMethod().getName();
            }
            if (name.contains("ReplicaManager.appendRecords") || name.contains("UnifiedLog.append")) {
                seen.putIfAbsent("broker log append", "broker: log append");
            }
            for (Map.Entry<String, String> stage : broker ? List.<Map.Entry<String, String>>of() : STAGES) {
                if (name.contains(stage.getKey())) {
                    return seen.isEmpty() ? stage.getValue() : seen.values().iterator().next();
                }
            }
        }
        if (!seen.isEmpty()) {
            return seen.values().iterator().next();
        }
        if (broker) {
            return "broker: other";
        }
        RecordedFrame top = frames.isEmpty() ? null : frames.get(0);
        return top == null ? "(empty stack)" : "other: " + top.getMethod().getType().getName().replaceAll("\\.[^.]*$", "");
    }
}
