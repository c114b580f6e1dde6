package io.newswatch.stories;

import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The runaway check of rounds four to eight: the 1,823 unrelated real-news articles of {@code ../shared/corpus/realnews/docs}
 * (2004-2017, many topics) fed one second apart through {@link StoryClusterer} with the daemon's defaults (48 h window,
 * headline model, title and body as {@link DocumentFileReader} reads them), in file-name order and shuffled with
 * {@code Random(42)}; prints the three largest stories of each (following merges). A setting that lets one story absorb
 * loosely related news shows a story far above ~100 here. Arguments: optional merge similarity. Prints figures; it is not
 * a timed test. Run from the repository root, see docs/benchmarks.md (story clustering, round eight).
 */
public final class StoryRunawayCheck {
    public static void main(String[] args) throws Exception {
        StorySettings settings = StorySettings.defaults();
        if (args.length > 0) {
            settings = settings.withMergeSimilarity(Double.parseDouble(args[0]));
        }
        DocumentFileReader reader = new DocumentFileReader();
        List<Path> files = new ArrayList<>(reader.listFiles(Path.of("..", "shared", "corpus", "realnews", "docs")));
        files.sort(Comparator.comparing(Path::toString));
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Document> documents = new ArrayList<>();
        for (Path file : files) {
            documents.add(reader.read(file, start));
        }
        HeadlineEncoder model = MiniLmHeadlineEncoder.load().ready();
        Map<String, float[]> vectors = new HashMap<>();
        HeadlineEncoder encoder = headline -> vectors.computeIfAbsent(headline, model::encode).clone();
        List<Document> shuffled = new ArrayList<>(documents);
        Collections.shuffle(shuffled, new Random(42));
        System.out.printf("%d articles, merge similarity %.2f: largest stories, file-name order %s, shuffled %s%n", documents.size(),
                settings.mergeSimilarity(), largest(documents, settings, encoder, start), largest(shuffled, settings, encoder, start));
    }

    /** The three largest stories' sizes after feeding the documents one second apart. */
    static List<Integer> largest(List<Document> documents, StorySettings settings, HeadlineEncoder encoder, Instant start) {
        StoryClusterer clusterer = new StoryClusterer(settings, encoder);
        Map<String, String> mergedInto = new HashMap<>();
        List<String> storyOf = new ArrayList<>();
        Instant time = start;
        for (Document document : documents) {
            time = time.plusSeconds(1);
            StoryAssignment assignment = clusterer.assign(new StoryInput(document.id(), time, document.source(), document.title(),
                    document.body(), document.location()));
            storyOf.add(assignment.storyId());
            assignment.merged().forEach(absorbed -> mergedInto.put(absorbed, assignment.storyId()));
        }
        Map<String, Integer> sizes = new HashMap<>();
        storyOf.forEach(id -> sizes.merge(StoryClusteringSweep.survivor(mergedInto, id), 1, Integer::sum));
        return sizes.values().stream().sorted(Comparator.reverseOrder()).limit(3).toList();
    }
}
