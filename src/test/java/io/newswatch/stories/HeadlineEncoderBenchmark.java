package io.newswatch.stories;

import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The headline model's cost per headline with the daemon's ONNX session ({@link MiniLmHeadlineEncoder}:
 * one intra-op thread, no spinning) and with ONNX Runtime's default session (the bundled langchain4j
 * model: one pool thread per core, spinning), interleaved in one JVM. Prints wall time, the calling
 * thread's CPU and the whole process's CPU (which includes ONNX Runtime's own threads) per headline;
 * then the clustering task's CPU per document with the model inside {@link StoryClusterer#assign(StoryInput)}
 * and with the vector given ({@link StoryClusterer#assign(StoryInput, float[])}, as the daemon does).
 * Not a test: it prints figures.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.newswatch.stories.HeadlineEncoderBenchmark [headlines] [rounds]
 * </pre>
 */
public final class HeadlineEncoderBenchmark {
    private HeadlineEncoderBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> headlines = MiniLmHeadlineEncoderTest.headlines(count);
        MiniLmHeadlineEncoder single = MiniLmHeadlineEncoder.load().ready();
        AllMiniLmL6V2QuantizedEmbeddingModel bundled = new AllMiniLmL6V2QuantizedEmbeddingModel();
        HeadlineEncoder defaultSession = headline -> bundled.embed(headline).content().vector();
        System.out.printf("%d headlines, %d cores, load average %.1f%n", headlines.size(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        measure("warm-up single", single, headlines.subList(0, Math.min(200, headlines.size())));
        measure("warm-up default", defaultSession, headlines.subList(0, Math.min(200, headlines.size())));
        for (int round = 1; round <= rounds; round++) {
            measure(round + ": single thread, no spinning (daemon)", single, headlines);
            measure(round + ": ONNX Runtime default session", defaultSession, headlines);
        }
        // The single clustering task's CPU per document, the pipeline's serial step: StoryClusterer.assign
        // encoding the headline itself (before round four) against assign with the vector computed
        // beforehand (the daemon now: on the matching tasks). Same stream, same stories.
        List<StoryInput> stream = stream(count);
        List<float[]> vectors = stream.stream().map(input -> single.encode(StoryClusterer.headline(input))).toList();
        for (int round = 1; round <= rounds; round++) {
            cluster(round + ": clustering task encodes", stream, null, single);
            cluster(round + ": vector given (daemon)", stream, vectors, single);
        }
    }

    static List<StoryInput> stream(int count) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../shared/corpus/stories/stream.tsv"));
        return lines.subList(1, Math.min(lines.size(), count + 1)).stream().map(line -> line.split("\t", -1))
                .map(f -> new StoryInput(f[0], java.time.Instant.parse(f[1]), f[2], f[3], "", null)).toList();
    }

    private static void cluster(String label, List<StoryInput> stream, List<float[]> vectors, HeadlineEncoder encoder) {
        var thread = ManagementFactory.getThreadMXBean();
        StoryClusterer clusterer = new StoryClusterer(StorySettings.defaults(), encoder);
        long wall = System.nanoTime();
        long caller = thread.getCurrentThreadCpuTime();
        int stories = 0;
        for (int i = 0; i < stream.size(); i++) {
            stories += clusterer.assign(stream.get(i), vectors == null ? null : vectors.get(i)).started() ? 1 : 0;
        }
        double cpu = (thread.getCurrentThreadCpuTime() - caller) / 1e6 / stream.size();
        System.out.printf("%-45s %.2f ms wall, %.2f ms CPU per document = a ceiling of %.0f documents per CPU-second (%d stories)%n", label,
                (System.nanoTime() - wall) / 1e6 / stream.size(), cpu, 1000 / cpu, stories);
    }

    private static void measure(String label, HeadlineEncoder encoder, List<String> headlines) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var thread = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long process = os.getProcessCpuTime();
        long caller = thread.getCurrentThreadCpuTime();
        double load = os.getSystemLoadAverage();
        for (String headline : headlines) {
            encoder.encode(headline);
        }
        int n = headlines.size();
        System.out.printf("%-45s %.2f ms wall, %.2f ms CPU calling thread, %.2f ms CPU process per headline (load %.1f)%n", label,
                (System.nanoTime() - wall) / 1e6 / n, (thread.getCurrentThreadCpuTime() - caller) / 1e6 / n,
                (os.getProcessCpuTime() - process) / 1e6 / n, load);
    }
}
