package io.newswatch.stories;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Online, single-pass story clustering. Each document is compared, as a TF-IDF vector (time-decayed
 * idf, see {@link TermStatistics}), with the centroids of the open stories that share a term with
 * it, and, when the settings are {@link StorySettings#semantic() semantic}, as a headline vector
 * ({@link HeadlineEncoder}) with the sum of the story's headline vectors; the similarity is
 * {@code (1 - w) * TF-IDF cosine + w * headline cosine}. The score is the similarity times
 * {@code 1 + growth * ln(documents in the story)}: a story that
 * many outlets already cover attracts the next article more easily than a fragment of one or two,
 * which keeps a big event from splitting into many small stories. The document joins the
 * best-scoring story when the score reaches the threshold, else it starts a story.
 * A document whose MinHash fingerprint nearly equals one of a candidate story's documents is a
 * near-duplicate: it joins that story whatever the cosine and points at the first copy.
 *
 * <p>Deterministic: the same documents in the same order give the same stories, with ties broken by
 * story age. Not thread-safe: one instance per clustering task. Its whole state is the open
 * {@link StoryState}s and the {@link TermStatistics}; {@link #restore} rebuilds it from them.
 */
public final class StoryClusterer {
    private final StorySettings settings;
    private final TermStatistics statistics;
    private final HeadlineEncoder encoder;
    private final Map<String, OpenStory> open = new HashMap<>();
    private final Map<String, Set<OpenStory>> postings = new HashMap<>();
    private final TreeSet<OpenStory> byLastSeen = new TreeSet<>(
            Comparator.comparing((OpenStory s) -> s.lastSeen).thenComparingLong(s -> s.sequence));
    /** Open stories beyond which a term's posting list is not used to find candidates. */
    static final int MAX_POSTINGS = 1000;
    private long nextSequence;
    private Instant now = Instant.EPOCH;

    public StoryClusterer(StorySettings settings) {
        this(settings, new TermStatistics(settings.idfHalfLife()));
    }

    public StoryClusterer(StorySettings settings, TermStatistics statistics) {
        this(settings, statistics, null);
    }

    public StoryClusterer(StorySettings settings, HeadlineEncoder encoder) {
        this(settings, new TermStatistics(settings.idfHalfLife()), encoder);
    }

    /**
     * @param encoder headline vectors; required when the settings are semantic, ignored otherwise
     * @throws IllegalArgumentException when the settings are semantic and there is no encoder
     */
    public StoryClusterer(StorySettings settings, TermStatistics statistics, HeadlineEncoder encoder) {
        if (settings.semantic() && encoder == null) {
            throw new IllegalArgumentException("semantic story settings (weight " + settings.semanticWeight() + ") need a headline encoder");
        }
        this.settings = settings;
        this.statistics = statistics;
        this.encoder = settings.semantic() ? encoder : null;
    }

    public StorySettings settings() {
        return settings;
    }

    public TermStatistics statistics() {
        return statistics;
    }

    /** Open stories right now. */
    public int openStories() {
        return open.size();
    }

    /** The open story with that id, if any. */
    public java.util.Optional<StoryState> story(String id) {
        OpenStory story = open.get(id);
        return story == null ? java.util.Optional.empty() : java.util.Optional.of(story.snapshot());
    }

    /** Puts back an open story read from a state store. */
    public void restore(StoryState state) {
        OpenStory story = new OpenStory(state);
        OpenStory previous = open.put(story.id, story);
        if (previous != null) {
            unindex(previous);
            byLastSeen.remove(previous);
        }
        index(story);
        byLastSeen.add(story);
        nextSequence = Math.max(nextSequence, state.sequence() + 1);
        if (state.lastSeen().isAfter(now)) {
            now = state.lastSeen();
        }
    }

    /** Assigns one document to a story, encoding its {@link #headline headline} when the settings are semantic. */
    public StoryAssignment assign(StoryInput input) {
        return assign(input, null);
    }

    /**
     * Assigns one document to a story with its headline vector already computed elsewhere (the
     * pipeline encodes headlines on the parallel matching tasks, before the single clustering task).
     * {@code meaning} must be what this clusterer's encoder gives for {@link #headline(StoryInput)};
     * when it is null the clusterer encodes the headline itself, so both calls assign identically.
     * Ignored on words-only settings.
     */
    public StoryAssignment assign(StoryInput input, float[] meaning) {
        if (input.time().isAfter(now)) {
            now = input.time();
        }
        List<String> closed = closeStale();
        Map<String, Double> terms = StoryTerms.terms(input.title(), input.body());
        statistics.add(terms.keySet(), now);
        Fingerprint fingerprint = Fingerprint.of(input.title(), input.body());
        if (encoder == null) {
            meaning = null;
        } else if (meaning == null) {
            meaning = encoder.encode(headline(input));
        }

        Map<String, Double> vector = new LinkedHashMap<>();
        double norm = 0;
        for (Map.Entry<String, Double> term : terms.entrySet()) {
            double weight = term.getValue() * statistics.idf(term.getKey(), now);
            if (weight > 0) {
                vector.put(term.getKey(), weight);
                norm += weight * weight;
            }
        }
        norm = Math.sqrt(norm);

        // Candidates come from the document's selective terms: a term shared by more than
        // MAX_POSTINGS open stories finds no story worth finding on its own. The score of each
        // candidate is then computed over all the document's terms.
        Map<OpenStory, double[]> dots = new HashMap<>();
        String rarest = null;
        int rarestSize = Integer.MAX_VALUE;
        for (String term : vector.keySet()) {
            Set<OpenStory> stories = postings.get(term);
            if (stories == null) {
                continue;
            }
            if (stories.size() < rarestSize) {
                rarest = term;
                rarestSize = stories.size();
            }
            if (stories.size() <= MAX_POSTINGS) {
                stories.forEach(story -> dots.putIfAbsent(story, new double[1]));
            }
        }
        if (dots.isEmpty() && rarest != null) {
            postings.get(rarest).forEach(story -> dots.putIfAbsent(story, new double[1]));
        }
        for (Map.Entry<OpenStory, double[]> candidate : dots.entrySet()) {
            OpenStory story = candidate.getKey();
            double dot = 0;
            for (Map.Entry<String, Double> term : vector.entrySet()) {
                Double centroidWeight = story.centroid.get(term.getKey());
                if (centroidWeight != null) {
                    dot += term.getValue() * centroidWeight * (term.getValue() / terms.get(term.getKey()));
                }
            }
            candidate.getValue()[0] = dot;
        }
        List<Candidate> candidates = new ArrayList<>(dots.size());
        for (Map.Entry<OpenStory, double[]> dot : dots.entrySet()) {
            OpenStory story = dot.getKey();
            double cosine = norm == 0 || story.norm == 0 ? 0 : dot.getValue()[0] / (norm * story.norm);
            if (meaning != null && story.meaning != null && story.meaningNorm > 0) {
                double semantic = 0;
                for (int i = 0; i < meaning.length; i++) {
                    semantic += meaning[i] * story.meaning[i];
                }
                cosine = (1 - settings.semanticWeight()) * cosine + settings.semanticWeight() * semantic / story.meaningNorm;
            }
            cosine *= 1 + settings.growth() * Math.log(story.documentCount);
            candidates.add(new Candidate(story, cosine));
        }
        candidates.sort(Comparator.comparingDouble((Candidate c) -> -c.score).thenComparingLong(c -> c.story.sequence));

        OpenStory chosen = null;
        String duplicateOf = null;
        double similarity = 0;
        if (fingerprint != null) {
            for (int i = 0; i < Math.min(3, candidates.size()) && duplicateOf == null; i++) {
                Candidate candidate = candidates.get(i);
                duplicateOf = candidate.story.duplicateOf(fingerprint, settings.duplicate());
                if (duplicateOf != null) {
                    chosen = candidate.story;
                    similarity = candidate.score;
                }
            }
        }
        if (chosen == null && !candidates.isEmpty() && candidates.get(0).score >= settings.threshold()) {
            chosen = candidates.get(0).story;
            similarity = candidates.get(0).score;
        }
        boolean started = chosen == null;
        if (started) {
            chosen = new OpenStory(input.id(), input.title(), input.time(), nextSequence++);
            open.put(chosen.id, chosen);
            similarity = 1;
        } else {
            unindex(chosen);
            byLastSeen.remove(chosen);
        }
        chosen.add(input, terms, fingerprint, duplicateOf, meaning);
        index(chosen);
        byLastSeen.add(chosen);
        return new StoryAssignment(chosen.id, started, duplicateOf, similarity, chosen.snapshot(), closed);
    }

    /** What the headline encoder reads: the title, or the body's first words when there is no title. */
    public static String headline(StoryInput input) {
        if (!input.title().isBlank()) {
            return input.title();
        }
        List<String> words = StoryTerms.words(input.body());
        return String.join(" ", words.subList(0, Math.min(words.size(), 30)));
    }

    /** Closes the stories no document joined within the window before the latest document time. */
    private List<String> closeStale() {
        List<String> closed = new ArrayList<>();
        Instant cutoff = now.minus(settings.window());
        while (!byLastSeen.isEmpty() && byLastSeen.first().lastSeen.isBefore(cutoff)) {
            OpenStory story = byLastSeen.pollFirst();
            open.remove(story.id);
            unindex(story);
            closed.add(story.id);
        }
        return closed;
    }

    private void index(OpenStory story) {
        for (String term : story.centroid.keySet()) {
            postings.computeIfAbsent(term, t -> new HashSet<>()).add(story);
        }
        story.norm = story.norm(statistics, now);
    }

    private void unindex(OpenStory story) {
        for (String term : story.centroid.keySet()) {
            Set<OpenStory> stories = postings.get(term);
            if (stories != null) {
                stories.remove(story);
                if (stories.isEmpty()) {
                    postings.remove(term);
                }
            }
        }
    }

    private record Candidate(OpenStory story, double score) {}

    /** The mutable, indexed form of an open story. Identity equality: one instance per story. */
    private final class OpenStory {
        final String id;
        final String title;
        final Instant firstSeen;
        final long sequence;
        Instant lastSeen;
        int documentCount;
        final LinkedHashSet<String> sources = new LinkedHashSet<>();
        final List<StoryDocument> documents = new ArrayList<>();
        final Map<String, Double> centroid = new HashMap<>();
        final Map<String, long[]> fingerprints = new LinkedHashMap<>();
        double norm;
        /** Sum of its documents' headline vectors, null on words only (or for a story stored before). */
        float[] meaning;
        double meaningNorm;

        OpenStory(String id, String title, Instant firstSeen, long sequence) {
            this.id = id;
            this.title = title;
            this.firstSeen = firstSeen;
            this.lastSeen = firstSeen;
            this.sequence = sequence;
        }

        OpenStory(StoryState state) {
            this(state.id(), state.title(), state.firstSeen(), state.sequence());
            lastSeen = state.lastSeen();
            documentCount = state.documentCount();
            sources.addAll(state.sources());
            documents.addAll(state.documents());
            centroid.putAll(state.centroid());
            fingerprints.putAll(state.fingerprints());
            meaning = state.meaning();
            meaningNorm = norm(meaning);
        }

        void add(StoryInput input, Map<String, Double> terms, Fingerprint fingerprint, String duplicateOf, float[] vector) {
            if (vector != null && (documentCount == 0 || meaning != null)) {
                if (meaning == null) {
                    meaning = new float[vector.length];
                }
                for (int i = 0; i < vector.length; i++) {
                    meaning[i] += vector[i];
                }
                meaningNorm = norm(meaning);
            }
            documentCount++;
            if (input.time().isAfter(lastSeen)) {
                lastSeen = input.time();
            }
            sources.add(input.source());
            if (documents.size() < settings.maxDocuments()) {
                documents.add(new StoryDocument(input.id(), input.source(), input.title(), input.location(),
                        input.time(), duplicateOf));
            }
            if (fingerprint != null && duplicateOf == null && fingerprints.size() < 64) {
                fingerprints.put(input.id(), fingerprint.minima());
            }
            for (Map.Entry<String, Double> term : terms.entrySet()) {
                centroid.merge(term.getKey(), term.getValue(), Double::sum);
            }
            if (centroid.size() > settings.centroidTerms()) {
                List<Map.Entry<String, Double>> entries = new ArrayList<>(centroid.entrySet());
                entries.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
                for (Map.Entry<String, Double> dropped : entries.subList(settings.centroidTerms(), entries.size())) {
                    centroid.remove(dropped.getKey());
                }
            }
        }

        String duplicateOf(Fingerprint fingerprint, double minimum) {
            for (Map.Entry<String, long[]> original : fingerprints.entrySet()) {
                if (new Fingerprint(original.getValue()).similarity(fingerprint) >= minimum) {
                    return original.getKey();
                }
            }
            return null;
        }

        static double norm(float[] vector) {
            if (vector == null) {
                return 0;
            }
            double sum = 0;
            for (float v : vector) {
                sum += v * v;
            }
            return Math.sqrt(sum);
        }

        double norm(TermStatistics statistics, Instant at) {
            double sum = 0;
            for (Map.Entry<String, Double> term : centroid.entrySet()) {
                double weight = term.getValue() * statistics.idf(term.getKey(), at);
                if (weight > 0) {
                    sum += weight * weight;
                }
            }
            return Math.sqrt(sum);
        }

        StoryState snapshot() {
            Map<String, Double> sorted = new LinkedHashMap<>();
            centroid.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return new StoryState(id, title, firstSeen, lastSeen, documentCount, List.copyOf(sources),
                    documents, sorted, fingerprints, sequence, meaning);
        }
    }
}
