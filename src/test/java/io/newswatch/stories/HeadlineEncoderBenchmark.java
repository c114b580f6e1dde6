package io.newswatch.stories;

import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The headline model's cost per headline with the daemon's ONNX session ({@link MiniLmHeadlineEncoder}:
 * one intra-op thread, no spinning) and with ONNX Runtime's default session (the bundled langchain4j
 * model: one pool thread per core, spinning), interleaved in one JVM. Prints wall time, the calling
 * thread's CPU and the whole process's CPU (which includes ONNX Runtime's own threads) per headline.
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
