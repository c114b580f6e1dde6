package io.newswatch.stories;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Threshold and growth chosen on one part of {@code ../shared/corpus/stories}, reported on a part held
 * out: the stream is split by day (days before {@link #SPLIT} tune, the rest only measure). Prints
 * B-cubed precision, recall and F1 for each setting on the tuning part, then the best setting's figures
 * on the held-out part next to the defaults'. Arguments: thresholds and growths to try, comma-separated;
 * {@code -DwordsOnly} for the TF-IDF clusterer, {@code -DsemanticWeight=0.6} for another weight.
 * Prints figures; it is not a timed test. Run from the repository root, see docs/benchmarks.md.
 */
public final class StoryClusteringSweep {
    private static final Path CORPUS = Path.of("..", "shared", "corpus", "stories");
    /** First held-out day: 2014-03-10 to 03-20 tune (8 crawl days), 03-22 to 03-31 are held out (10 crawl days). */
    static final Instant SPLIT = Instant.parse("2014-03-21T00:00:00Z");
    private static HeadlineEncoder encoder;

    record Scores(double precision, double recall) {
        double f1() {
            return 2 * precision * recall / (precision + recall);
        }

        @Override
        public String toString() {
            return String.format("P %.4f R %.4f F1 %.4f", precision, recall, f1());
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(CORPUS.resolve("stories.tsv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.getFirst().split("\t"));
        int id = header.indexOf("id");
        int time = header.indexOf("timestamp_iso");
        int publisher = header.indexOf("publisher");
        int title = header.indexOf("title");
        int story = header.indexOf("story");
        List<StoryInput> stream = new ArrayList<>();
        List<String> gold = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            stream.add(new StoryInput(c[id], Instant.parse(c[time]), c[publisher], c[title], "", null));
            gold.add(c[story]);
        }
        boolean wordsOnly = System.getProperty("wordsOnly") != null;
        StorySettings base = (wordsOnly ? StorySettings.wordsOnly() : StorySettings.defaults()).withWindow(Duration.ofHours(12));
        if (System.getProperty("semanticWeight") != null) {
            base = base.withSemanticWeight(Double.parseDouble(System.getProperty("semanticWeight")));
        }
        encoder = base.semantic() ? new HeadlineVectorCache(stream, Path.of("target", "stories-headline-vectors.bin")) : null;
        System.out.printf("%d documents; tuning part before %s, held out from it%n", stream.size(), SPLIT);
        double[] thresholds = numbers(args.length > 0 ? args[0] : base.semantic() ? "0.30,0.35,0.40" : "0.12,0.16,0.20,0.25");
        double[] growths = numbers(args.length > 1 ? args[1] : "0,0.3,0.5");
        StorySettings best = base;
        double bestF1 = -1;
        for (double growth : growths) {
            for (double threshold : thresholds) {
                StorySettings settings = base.withThreshold(threshold).withGrowth(growth);
                Scores[] scores = run(stream, gold, settings);
                System.out.printf("threshold %.2f growth %.1f semantic weight %.2f  tuning %s   held out %s%n", threshold, growth,
                        settings.semanticWeight(), scores[0], scores[1]);
                if (scores[0].f1() > bestF1) {
                    bestF1 = scores[0].f1();
                    best = settings;
                }
            }
        }
        Scores[] chosen = run(stream, gold, best);
        Scores[] defaults = run(stream, gold, base);
        System.out.printf("%nchosen on the tuning part: threshold %.2f growth %.1f: tuning %s, HELD OUT %s%n",
                best.threshold(), best.growth(), chosen[0], chosen[1]);
        System.out.printf("defaults (threshold %.2f growth %.1f): tuning %s, HELD OUT %s%n",
                base.threshold(), base.growth(), defaults[0], defaults[1]);
    }

    private static double[] numbers(String list) {
        return java.util.Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** B-cubed scores on the tuning part and on the held-out part, from one online pass over the whole stream. */
    static Scores[] run(List<StoryInput> stream, List<String> gold, StorySettings settings) {
        StoryClusterer clusterer = new StoryClusterer(settings, encoder);
        List<String> predicted = new ArrayList<>(stream.size());
        Map<String, String> mergedInto = new HashMap<>();
        for (StoryInput input : stream) {
            StoryAssignment assignment = clusterer.assign(input);
            predicted.add(assignment.storyId());
            assignment.merged().forEach(absorbed -> mergedInto.put(absorbed, assignment.storyId()));
        }
        predicted.replaceAll(id -> survivor(mergedInto, id));
        return new Scores[] {bcubed(stream, gold, predicted, true), bcubed(stream, gold, predicted, false)};
    }

    /** The story a story id ended in, following merges (an absorbed story's survivor may itself be absorbed later). */
    static String survivor(Map<String, String> mergedInto, String id) {
        String current = id;
        for (String next = mergedInto.get(current); next != null; next = mergedInto.get(current)) {
            current = next;
        }
        return current;
    }

    /** B-cubed over the documents of one part (clusters counted within that part). */
    static Scores bcubed(List<StoryInput> stream, List<String> gold, List<String> predicted, boolean tuning) {
        Map<String, Integer> goldSize = new HashMap<>();
        Map<String, Integer> predictedSize = new HashMap<>();
        Map<String, Integer> both = new HashMap<>();
        List<Integer> part = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) {
            if (stream.get(i).time().isBefore(SPLIT) == tuning) {
                part.add(i);
                goldSize.merge(gold.get(i), 1, Integer::sum);
                predictedSize.merge(predicted.get(i), 1, Integer::sum);
                both.merge(gold.get(i) + "\n" + predicted.get(i), 1, Integer::sum);
            }
        }
        double precision = 0;
        double recall = 0;
        for (int i : part) {
            double common = both.get(gold.get(i) + "\n" + predicted.get(i));
            precision += common / predictedSize.get(predicted.get(i));
            recall += common / goldSize.get(gold.get(i));
        }
        return new Scores(precision / part.size(), recall / part.size());
    }
}
