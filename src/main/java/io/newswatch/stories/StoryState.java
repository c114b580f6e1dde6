package io.newswatch.stories;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the clusterer knows about one story: what a state store keeps and restores, and
 * what {@code newswatch.stories} publishes.
 *
 * @param id            the story id: the id of its first document
 * @param title         the first document's headline
 * @param firstSeen     event time of its first document
 * @param lastSeen      event time of its latest document; the story closes a window after it
 * @param documentCount documents in the story, duplicates included
 * @param sources       distinct outlets in order of first appearance
 * @param documents     its documents in arrival order (the first {@link StorySettings#maxDocuments()})
 * @param centroid      summed term weights of its documents, the heaviest {@link StorySettings#centroidTerms()}
 * @param fingerprints  near-duplicate fingerprints of its first original documents, by document id
 * @param sequence      creation order, for ties
 * @param meaning       sum of its documents' headline vectors ({@link HeadlineEncoder}), null when clustering on words only
 * @param recent        headline vectors of its latest documents, oldest first, each component times 127 rounded to a byte
 *                      (at most {@link StorySettings#recentDocuments()}); empty for a one-document story, on words only,
 *                      and for a story stored before round four
 * @param recentTerms   words only, with the member check: the term hashes of its latest documents, oldest first (the
 *                      heaviest 32 terms of each, see {@link StoryClusterer}), at most {@link StorySettings#recentDocuments()};
 *                      empty for a one-document story, with the headline model, and for a story stored before round five
 */
public record StoryState(
        String id,
        String title,
        Instant firstSeen,
        Instant lastSeen,
        int documentCount,
        List<String> sources,
        List<StoryDocument> documents,
        Map<String, Double> centroid,
        Map<String, long[]> fingerprints,
        long sequence,
        float[] meaning,
        List<byte[]> recent,
        List<int[]> recentTerms) {

    public StoryState {
        sources = List.copyOf(sources);
        documents = List.copyOf(documents);
        centroid = Collections.unmodifiableMap(new LinkedHashMap<>(centroid));
        fingerprints = Collections.unmodifiableMap(new LinkedHashMap<>(fingerprints));
        meaning = meaning == null ? null : meaning.clone();
        recent = recent == null ? List.of() : recent.stream().map(byte[]::clone).toList();
        recentTerms = recentTerms == null ? List.of() : recentTerms.stream().map(int[]::clone).toList();
    }

    /** A story without recent term hashes (as stored before round five, or clustered with the headline model). */
    public StoryState(String id, String title, Instant firstSeen, Instant lastSeen, int documentCount, List<String> sources,
                      List<StoryDocument> documents, Map<String, Double> centroid, Map<String, long[]> fingerprints, long sequence,
                      float[] meaning, List<byte[]> recent) {
        this(id, title, firstSeen, lastSeen, documentCount, sources, documents, centroid, fingerprints, sequence, meaning, recent, List.of());
    }

    /** A story without recent headline vectors (as stored before round four). */
    public StoryState(String id, String title, Instant firstSeen, Instant lastSeen, int documentCount, List<String> sources,
                      List<StoryDocument> documents, Map<String, Double> centroid, Map<String, long[]> fingerprints, long sequence,
                      float[] meaning) {
        this(id, title, firstSeen, lastSeen, documentCount, sources, documents, centroid, fingerprints, sequence, meaning, List.of(), List.of());
    }

    /** A story without headline vectors (words-only clustering). */
    public StoryState(String id, String title, Instant firstSeen, Instant lastSeen, int documentCount, List<String> sources,
                      List<StoryDocument> documents, Map<String, Double> centroid, Map<String, long[]> fingerprints, long sequence) {
        this(id, title, firstSeen, lastSeen, documentCount, sources, documents, centroid, fingerprints, sequence, null, List.of(), List.of());
    }

    @Override
    public float[] meaning() {
        return meaning == null ? null : meaning.clone();
    }

    @Override
    public List<byte[]> recent() {
        return recent.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<int[]> recentTerms() {
        return recentTerms.stream().map(int[]::clone).toList();
    }
}
