package io.newswatch.stories;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Online, single-pass story clustering. Each document is compared, as a TF-IDF vector (time-decayed
 * idf, see {@link TermStatistics}), with the centroids of the open stories that share a term with
 * it, and, when the settings are {@link StorySettings#semantic() semantic}, as a headline vector
 * ({@link HeadlineEncoder}) with the sum of the story's headline vectors; the similarity is
 * {@code (1 - w) * TF-IDF cosine + w * headline cosine}. The score is the similarity times
 * {@code 1 + growth * ln(documents in the story)}: a story that
 * many outlets already cover attracts the next article more easily than a fragment of one or two,
 * which keeps a big event from splitting into many small stories. With semantic settings that bonus
 * is earned: it applies only when the document's headline is close to one of the story's latest
 * headlines ({@link StorySettings#memberSimilarity()}); a loosely related headline is scored on its
 * plain similarity, so a big story cannot absorb it just because it is big. On words only the bonus is
 * earned the same way, with a word-based closeness: one of the story's latest documents must hold at
 * least that share of the document's idf-weighted terms. The document joins the
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
    /** A stored recent headline vector keeps each component times this, rounded to a byte (unit vectors: |v_i| <= 1). */
    static final double BYTE_SCALE = 127;
    /** Terms kept per recent document for the words-only member check. */
    static final int MEMBER_TERMS = 32;
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
    public Optional<StoryState> story(String id) {
        OpenStory story = open.get(id);
        return story == null ? Optional.empty() : Optional.of(story.snapshot());
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
        // words only, with the member check: the document's terms as hashes, to compare with the story's latest documents
        int[] termHashes = encoder == null && settings.checksMembers() ? termHashes(vector) : null;

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
                cosine = mixMeaning(cosine, dot(meaning, story.meaning), story.meaningNorm); // the document's meaning is a unit vector
            }
            if (story.documentCount > 1 && earnsSizeBonus(story, meaning, vector, termHashes, norm)) {
                cosine *= 1 + settings.growth() * Math.log(story.documentCount);
            }
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
        List<String> absorbed = new ArrayList<>();
        if (!started) {
            float[] documentMeaning = meaning;
            double documentNorm = norm;
            chosen = mergeConverging(chosen, candidates, absorbed,
                    other -> earnsSizeBonus(other, documentMeaning, vector, termHashes, documentNorm));
        }
        return new StoryAssignment(chosen.id, started, duplicateOf, similarity, chosen.snapshot(), closed, absorbed);
    }

    /**
     * Merges open stories the grown story has converged with: each of the document's next best candidate stories
     * ({@link StorySettings#MERGE_CANDIDATES}) of at least {@link StorySettings#MERGE_MIN_DOCUMENTS} documents that the
     * document is also near (it would earn that story's size bonus: close to one of its latest documents, the bridge)
     * and whose similarity with the grown story reaches {@link StorySettings#mergeSimilarity()} is merged, always into the older
     * of the two (lower sequence), so the surviving id is the id the event had first. Adds the absorbed ids in merge
     * order and returns the surviving story (the grown one unless it was itself absorbed).
     */
    private OpenStory mergeConverging(OpenStory grown, List<Candidate> candidates, List<String> absorbed,
                                      Predicate<OpenStory> nearItsLatest) {
        if (!settings.merges() || grown.documentCount < StorySettings.MERGE_MIN_DOCUMENTS) {
            return grown;
        }
        int looked = 0;
        OpenStory current = grown;
        for (Candidate candidate : candidates) {
            if (looked >= StorySettings.MERGE_CANDIDATES) {
                break;
            }
            OpenStory other = candidate.story;
            if (other == grown || other == current || !open.containsKey(other.id)) {
                continue;
            }
            looked++;
            if (other.documentCount >= StorySettings.MERGE_MIN_DOCUMENTS && nearItsLatest.test(other)
                    && converge(current, other)) {
                OpenStory survivor = current.sequence <= other.sequence ? current : other;
                OpenStory gone = survivor == current ? other : current;
                merge(survivor, gone);
                absorbed.add(gone.id);
                current = survivor;
            }
        }
        return current;
    }

    /**
     * True when two stories converge enough to merge: their similarity, mixed as a document's ({@code (1 - w) *} the cosine of
     * their idf-weighted centroids {@code + w *} the cosine of their headline-vector sums), reaches
     * {@link StorySettings#mergeSimilarity()}, and, when the headline model takes part, their centroids' word cosine alone
     * reaches {@link StorySettings#MERGE_MIN_WORD_COSINE}: two stories of one kind (two US-politics stories, two bank
     * settlements) have close headline vectors but share few informative words, the fragments of one event share them.
     * Summed in term order, so a restored clusterer gets the same bits.
     */
    private boolean converge(OpenStory a, OpenStory b) {
        Map<String, Double> small = a.centroid.size() <= b.centroid.size() ? a.centroid : b.centroid;
        Map<String, Double> large = small == a.centroid ? b.centroid : a.centroid;
        double dot = 0;
        for (String term : new TreeSet<>(small.keySet())) {
            Double other = large.get(term);
            if (other != null) {
                double idf = statistics.idf(term, now);
                if (idf > 0) {
                    dot += small.get(term) * other * idf * idf;
                }
            }
        }
        double cosine = a.norm == 0 || b.norm == 0 ? 0 : dot / (a.norm * b.norm);
        if (a.meaning != null && b.meaning != null && a.meaningNorm > 0 && b.meaningNorm > 0) {
            if (cosine < StorySettings.MERGE_MIN_WORD_COSINE) {
                return false;
            }
            cosine = mixMeaning(cosine, dot(a.meaning, b.meaning), a.meaningNorm * b.meaningNorm);
        }
        return cosine >= settings.mergeSimilarity();
    }

    /** A word cosine mixed with a meaning cosine ({@code semanticDot / semanticNorms}) by the semantic weight: one formula for documents and stories. */
    private double mixMeaning(double wordCosine, double semanticDot, double semanticNorms) {
        return (1 - settings.semanticWeight()) * wordCosine + settings.semanticWeight() * semanticDot / semanticNorms;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length && i < b.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private void merge(OpenStory survivor, OpenStory gone) {
        open.remove(gone.id);
        unindex(gone);
        byLastSeen.remove(gone);
        unindex(survivor);
        byLastSeen.remove(survivor);
        survivor.absorb(gone);
        index(survivor);
        byLastSeen.add(survivor);
    }

    /**
     * True when a story's size may help this document: always without the member check; with it, when the document is
     * near one of the story's latest documents (by headline vector, or on words only by shared terms), or when the story
     * keeps no latest documents because an earlier version stored it (it keeps the bonus it had).
     */
    private boolean earnsSizeBonus(OpenStory story, float[] meaning, Map<String, Double> vector, int[] termHashes, double norm) {
        if (!settings.checksMembers()) {
            return true;
        }
        if (meaning != null) {
            return story.nearRecent(meaning, settings.memberSimilarity());
        }
        return termHashes == null || story.nearRecentTerms(vector, termHashes, norm, settings.memberSimilarity());
    }

    /**
     * A document's terms as their {@link String#hashCode() hashes} (defined by the Java language, so the same on every
     * JVM), the {@link #MEMBER_TERMS} heaviest (ties by term), sorted: what a story keeps of a recent document on words only.
     */
    static int[] termHashes(Map<String, Double> weights) {
        return weights.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MEMBER_TERMS)
                .mapToInt(e -> e.getKey().hashCode())
                .sorted()
                .distinct()
                .toArray();
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
        /** Headline vectors of its latest documents as bytes (component x 127), oldest first; empty for one document. */
        final ArrayDeque<byte[]> recent = new ArrayDeque<>();
        /** Words only: the term hashes ({@link #termHashes}) of its latest documents, oldest first; empty for one document. */
        final ArrayDeque<int[]> recentTerms = new ArrayDeque<>();

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
            recent.addAll(state.recent());
            recentTerms.addAll(state.recentTerms());
        }

        /**
         * True when the headline vector has at least the given cosine with one of the latest headlines, or when the
         * story keeps none (stored before round four: it keeps the size bonus it had).
         */
        /**
         * Words only: true when one of the latest documents holds at least the given share of the document's weight
         * (the sum of its squared idf-weighted term weights, as in the cosine), or when the story keeps none (stored
         * before round five: it keeps the size bonus it had).
         */
        boolean nearRecentTerms(Map<String, Double> vector, int[] hashes, double norm, double minimum) {
            if (recentTerms.isEmpty() || norm == 0) {
                return true;
            }
            double needed = minimum * norm * norm;
            for (int[] member : recentTerms) {
                double covered = 0;
                for (Map.Entry<String, Double> term : vector.entrySet()) {
                    if (Arrays.binarySearch(member, term.getKey().hashCode()) >= 0) {
                        covered += term.getValue() * term.getValue();
                    }
                }
                if (covered >= needed) {
                    return true;
                }
            }
            return false;
        }

        boolean nearRecent(float[] vector, double minimum) {
            if (recent.isEmpty()) {
                return true;
            }
            double scaled = minimum * BYTE_SCALE;
            for (byte[] member : recent) {
                double dot = 0;
                for (int i = 0; i < vector.length && i < member.length; i++) {
                    dot += vector[i] * member[i];
                }
                if (dot >= scaled) {
                    return true;
                }
            }
            return false;
        }

        /** Appends the latest document's entry (after the first document's, when given) and keeps the newest {@code recentDocuments}. */
        private <T> void remember(ArrayDeque<T> latest, T firstDocument, T document) {
            if (firstDocument != null) {
                latest.addLast(firstDocument);
            }
            latest.addLast(document);
            while (latest.size() > settings.recentDocuments()) {
                latest.removeFirst();
            }
        }

        void add(StoryInput input, Map<String, Double> terms, Fingerprint fingerprint, String duplicateOf, float[] vector) {
            if (vector != null && settings.checksMembers() && meaning != null
                    && (documentCount >= 2 ? !recent.isEmpty() : documentCount == 1)) {
                // a one-document story keeps no copy: its vector sum is its headline vector
                remember(recent, documentCount == 1 ? quantize(meaning) : null, quantize(vector));
            }
            if (vector == null && encoder == null && settings.checksMembers()
                    && (documentCount >= 2 ? !recentTerms.isEmpty() : documentCount == 1)) {
                // a one-document story keeps no copy: its centroid is its document's terms
                remember(recentTerms, documentCount == 1 ? termHashes(centroid) : null, termHashes(terms));
            }
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
            pruneCentroid();
        }

        /** Takes in another story's documents, terms, fingerprints and headline vectors. */
        void absorb(OpenStory other) {
            documentCount += other.documentCount;
            if (other.lastSeen.isAfter(lastSeen)) {
                lastSeen = other.lastSeen;
            }
            sources.addAll(other.sources);
            for (StoryDocument document : other.documents) {
                if (documents.size() < settings.maxDocuments()) {
                    documents.add(document);
                }
            }
            documents.sort(Comparator.comparing(StoryDocument::time)); // a timeline; stable, so arrival order within a time
            for (Map.Entry<String, long[]> fingerprint : other.fingerprints.entrySet()) {
                if (fingerprints.size() < 64) {
                    fingerprints.put(fingerprint.getKey(), fingerprint.getValue());
                }
            }
            for (Map.Entry<String, Double> term : other.centroid.entrySet()) {
                centroid.merge(term.getKey(), term.getValue(), Double::sum);
            }
            pruneCentroid();
            if (meaning != null && other.meaning != null) {
                for (int i = 0; i < meaning.length; i++) {
                    meaning[i] += other.meaning[i];
                }
                meaningNorm = norm(meaning);
            }
            if (!recent.isEmpty()) {
                recent.addAll(other.recent.isEmpty() && other.documentCount == 1 && other.meaning != null ? List.of(quantize(other.meaning)) : other.recent);
                while (recent.size() > settings.recentDocuments()) {
                    recent.removeFirst();
                }
            }
            if (!recentTerms.isEmpty()) {
                recentTerms.addAll(other.recentTerms.isEmpty() && other.documentCount == 1 ? List.of(termHashes(other.centroid)) : other.recentTerms);
                while (recentTerms.size() > settings.recentDocuments()) {
                    recentTerms.removeFirst();
                }
            }
        }

        /** Keeps the {@link StorySettings#centroidTerms()} heaviest terms (ties by term). */
        private void pruneCentroid() {
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

        static byte[] quantize(float[] vector) {
            byte[] bytes = new byte[vector.length];
            for (int i = 0; i < vector.length; i++) {
                bytes[i] = (byte) Math.max(-127, Math.min(127, Math.round(vector[i] * BYTE_SCALE)));
            }
            return bytes;
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
                    documents, sorted, fingerprints, sequence, meaning, List.copyOf(recent), List.copyOf(recentTerms));
        }
    }
}
