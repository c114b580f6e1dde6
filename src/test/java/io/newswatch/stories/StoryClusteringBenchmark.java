package io.newswatch.stories;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Story clustering on {@code ../shared/corpus/stories}: quality (B-cubed and pairwise, scored by the
 * corpus' own {@code score.py}) and cost (documents per CPU-second with 10,000 and 100,000 open
 * stories, heap per open story). Prints figures; it is not a timed test. Run from the repository
 * root, see docs/benchmarks.md for the command.
 *
 * <p>Arguments: {@code [window like 12h, or "cost" for the cost part only] [threshold]}; the quality run uses a 12 h window by default, as
 * the corpus' labels are same-day stories with day-granular timestamps (its README), and also
 * reports the daemon's default 48 h.
 */
public final class StoryClusteringBenchmark {
    private static final Path CORPUS = Path.of("..", "shared", "corpus", "stories");
    private static HeadlineEncoder encoder;

    public static void main(String[] args) throws Exception {
        List<StoryInput> stream = read(CORPUS.resolve("stream.tsv"));
        System.out.printf("corpus: %d documents from %s%n", stream.size(), CORPUS.resolve("stream.tsv"));
        StorySettings base = System.getProperty("wordsOnly") != null ? StorySettings.wordsOnly() : StorySettings.defaults();
        encoder = base.semantic() ? new HeadlineVectorCache(stream, Path.of("target", "stories-headline-vectors.bin")) : null;
        if (args.length > 1) {
            base = base.withThreshold(Double.parseDouble(args[1]));
        }
        if (System.getProperty("memberSimilarity") != null) { // -DmemberSimilarity=0: the unconditional size bonus, for an A/B
            base = base.withMemberSimilarity(Double.parseDouble(System.getProperty("memberSimilarity")));
        }
        List<Duration> windows = args.length > 0
                ? (args[0].equals("cost") ? List.of() : List.of(Duration.parse("PT" + args[0].toUpperCase(java.util.Locale.ROOT))))
                : List.of(Duration.ofHours(12), StorySettings.DEFAULT_WINDOW);
        for (Duration window : windows) {
            quality(stream, base.withWindow(window));
        }
        cost(stream, base, 10_000);
        cost(stream, base, 100_000);
        if (base.semantic()) {
            encodingCost(stream, 500);
        }
    }

    private static void quality(List<StoryInput> stream, StorySettings settings) throws Exception {
        StoryClusterer clusterer = new StoryClusterer(settings, encoder);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path predictions = Path.of("target", "stories-predictions-" + settings.window().toHours() + "h.tsv");
        Files.createDirectories(predictions.getParent());
        int duplicates = 0;
        long cpu = threads.getCurrentThreadCpuTime();
        List<String> storyOf = new java.util.ArrayList<>(stream.size());
        java.util.Map<String, String> mergedInto = new java.util.HashMap<>();
        for (StoryInput input : stream) {
            StoryAssignment assignment = clusterer.assign(input);
            if (assignment.duplicateOf() != null) {
                duplicates++;
            }
            storyOf.add(assignment.storyId());
            assignment.merged().forEach(absorbed -> mergedInto.put(absorbed, assignment.storyId()));
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(predictions, StandardCharsets.UTF_8))) {
            out.println("id\tpredicted_cluster");
            for (int i = 0; i < stream.size(); i++) {
                // where each document ended, following merges, as the cluster command prints it
                out.println(stream.get(i).id() + "\t" + StoryClusteringSweep.survivor(mergedInto, storyOf.get(i)));
            }
        }
        double seconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("%nquality: window %s, threshold %.2f, growth %.2f, semantic weight %.2f: %.1f CPU s (%.0f docs/CPU-s), %d near-duplicates, predictions in %s%n",
                settings.window(), settings.threshold(), settings.growth(), settings.semanticWeight(), seconds, stream.size() / seconds, duplicates, predictions);
        Process score = new ProcessBuilder("python3", CORPUS.resolve("score.py").toString(),
                CORPUS.resolve("stories.tsv").toString(), predictions.toString())
                .redirectErrorStream(true).start();
        System.out.print(new String(score.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        score.waitFor();
    }

    /**
     * Fills the clusterer with {@code openStories} open stories, restored as the daemon restores them
     * from its store: each from one corpus headline (its terms as the centroid, its fingerprint, one
     * document; the idf table counts it), from the corpus' first 40,000 headlines, reused in a cycle under
     * new ids beyond that. Then times the corpus' last 20,000 headlines (never used as fillers) against
     * them with nothing closing: each is scored against the open stories sharing a term with it and
     * joins one or starts one.
     */
    private static void cost(List<StoryInput> stream, StorySettings base, int openStories) {
        Runtime runtime = Runtime.getRuntime();
        long before = usedHeap(runtime);
        StoryClusterer clusterer = new StoryClusterer(base.withWindow(Duration.ofDays(3650)), encoder);
        Instant start = Instant.parse("2014-03-01T00:00:00Z");
        int measured = Math.min(20_000, stream.size() / 3);
        int fillers = stream.size() - measured;
        for (int i = 0; i < openStories; i++) {
            StoryInput headline = stream.get(i % fillers);
            java.util.Map<String, Double> terms = StoryTerms.terms(headline.title(), headline.body());
            clusterer.statistics().add(terms.keySet(), start);
            Fingerprint fingerprint = Fingerprint.of(headline.title(), headline.body());
            String id = "F" + i;
            clusterer.restore(new StoryState(id, headline.title(), start, start, 1, List.of(headline.source()),
                    List.of(new StoryDocument(id, headline.source(), headline.title(), null, start, null)), terms,
                    fingerprint == null ? java.util.Map.of() : java.util.Map.of(id, fingerprint.minima()), i,
                    encoder == null ? null : encoder.encode(StoryClusterer.headline(headline))));
        }
        long filled = usedHeap(runtime);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = fillers; i < stream.size(); i++) {
            StoryInput input = stream.get(i);
            clusterer.assign(new StoryInput("M" + i, start, input.source(), input.title(), input.body(), null));
        }
        double seconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("%ncost: %,d open stories: %,.0f documents per CPU-second (%d headlines, %.2f CPU s, %,d stories open after); heap %.2f KiB per open one-document story (%d terms in the idf table)%n",
                openStories, measured / seconds, measured, seconds, clusterer.openStories(), (filled - before) / 1024.0 / openStories,
                clusterer.statistics().size());
    }

    /**
     * CPU per headline of the model itself (the cost runs above read its vectors from the cache): the
     * whole process' CPU time, since ONNX Runtime computes on its own threads, over {@code count}
     * headlines after 50 of warm-up; and the time to load the model.
     */
    private static void encodingCost(List<StoryInput> stream, int count) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long wall = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        MiniLmHeadlineEncoder model = MiniLmHeadlineEncoder.load().ready();
        System.out.printf("%nheadline model: loaded in %.1f s wall, %.1f s process CPU%n", (System.nanoTime() - wall) / 1e9,
                (os.getProcessCpuTime() - cpu) / 1e9);
        for (int i = 0; i < 50; i++) {
            model.encode(stream.get(i).title());
        }
        cpu = os.getProcessCpuTime();
        wall = System.nanoTime();
        for (int i = 0; i < count; i++) {
            model.encode(stream.get(stream.size() - 1 - i).title());
        }
        System.out.printf("headline model: %.2f ms process CPU per headline (%.2f ms wall) over %d headlines%n",
                (os.getProcessCpuTime() - cpu) / 1e6 / count, (System.nanoTime() - wall) / 1e6 / count, count);
    }

    private static long usedHeap(Runtime runtime) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static List<StoryInput> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<StoryInput> inputs = new ArrayList<>(lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            inputs.add(new StoryInput(c[0], Instant.parse(c[1]), c[2], c[3], c.length > 4 ? c[4] : "", null));
        }
        return inputs;
    }
}
