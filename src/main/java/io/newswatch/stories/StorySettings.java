package io.newswatch.stories;

import java.time.Duration;

/**
 * The clusterer's parameters. Few on purpose: they were set on one development set and must hold
 * on unseen news.
 *
 * @param window          a story closes when no document joined it for this long (default 48 h)
 * @param threshold       minimum score (similarity to the story, times the growth factor) to join a story
 * @param semanticWeight  share of the headline-meaning cosine in the similarity (0 = words only, TF-IDF cosine);
 *                        similarity = (1 - w) * TF-IDF cosine + w * cosine of the headline vectors ({@link HeadlineEncoder})
 * @param growth          how much a story's size helps it attract a document: score = cosine * (1 + growth * ln(size))
 * @param duplicate       minimum estimated Jaccard similarity of word pairs to call a document a near-duplicate
 * @param idfHalfLife     half-life of the document frequencies behind the idf (default 24 h)
 * @param centroidTerms   terms kept per story centroid
 * @param maxDocuments    documents listed per story (counts stay exact beyond it)
 * @param memberSimilarity a story's size helps a document (the growth factor) only when the document is close to one of the
 *                        story's {@code recentDocuments} latest documents, otherwise the document is scored on its plain
 *                        similarity (0 = size always helps). Close means: with the headline model, a cosine of at least
 *                        this between the headline vectors; on words only, at least this share of the document's
 *                        squared idf-weighted term weights on terms that latest document has
 * @param recentDocuments how many of a story's latest headline vectors it keeps for that check
 * @param mergeSimilarity two open stories of at least {@value #MERGE_MIN_DOCUMENTS} documents each merge into the older one
 *                        when a document joins one of them, the other was among the document's
 *                        {@value #MERGE_CANDIDATES} best other candidates, and the two stories' similarity (the same mix
 *                        of centroid cosine and headline-vector-sum cosine as for a document) is at least this (0 = never merge)
 */
public record StorySettings(
        Duration window,
        double threshold,
        double semanticWeight,
        double growth,
        double duplicate,
        Duration idfHalfLife,
        int centroidTerms,
        int maxDocuments,
        double memberSimilarity,
        int recentDocuments,
        double mergeSimilarity) {

    public static final Duration DEFAULT_WINDOW = Duration.ofHours(48);
    /** The daemon's default: words and headline meaning, half each. */
    public static final double DEFAULT_SEMANTIC_WEIGHT = 0.5;
    public static final double DEFAULT_THRESHOLD = 0.35;
    public static final double DEFAULT_GROWTH = 0.4;
    /** Words only (no {@link HeadlineEncoder}): the TF-IDF settings, see {@link #wordsOnly()}. */
    public static final double WORDS_ONLY_THRESHOLD = 0.16;
    public static final double WORDS_ONLY_GROWTH = 0.5;
    /** Words only: the size bonus needs a latest document holding this share of the document's term weight. */
    public static final double WORDS_ONLY_MEMBER_SIMILARITY = 0.2;
    public static final double DEFAULT_DUPLICATE = 0.6;
    public static final Duration DEFAULT_IDF_HALF_LIFE = Duration.ofHours(24);
    public static final int DEFAULT_CENTROID_TERMS = 64;
    public static final int DEFAULT_MAX_DOCUMENTS = 500;
    /** The size bonus needs a headline this close to one of the story's latest ones (semantic settings). */
    public static final double DEFAULT_MEMBER_SIMILARITY = 0.45;
    public static final int DEFAULT_RECENT_DOCUMENTS = 16;
    /** Two open stories this similar merge (headline model); see {@link #mergeSimilarity()}. */
    public static final double DEFAULT_MERGE_SIMILARITY = 0.35;
    /**
     * With the headline model, two stories merge only when their centroids' word cosine alone is at least this as well
     * (round eight): stories of one kind have close headline vectors without sharing the event's words. On words only the
     * similarity is that word cosine, so {@link #mergeSimilarity()} alone decides.
     */
    public static final double MERGE_MIN_WORD_COSINE = 0.3;
    /** Words only: two open stories this similar merge. */
    public static final double WORDS_ONLY_MERGE_SIMILARITY = 0.3;
    /** A story takes part in a merge only from this many documents on. */
    public static final int MERGE_MIN_DOCUMENTS = 2;
    /** How many of a document's other best candidate stories are compared with the story it joined. */
    public static final int MERGE_CANDIDATES = 3;

    public StorySettings {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("story window must be positive, got " + window);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("story threshold must be between 0 and 1, got " + threshold);
        }
        if (!(semanticWeight >= 0 && semanticWeight < 1)) {
            throw new IllegalArgumentException("semantic weight must be at least 0 and below 1, got " + semanticWeight);
        }
        if (!(growth >= 0 && growth <= 10)) {
            throw new IllegalArgumentException("story growth must be between 0 and 10, got " + growth);
        }
        if (!(duplicate > 0 && duplicate <= 1)) {
            throw new IllegalArgumentException("duplicate similarity must be in (0, 1], got " + duplicate);
        }
        if (idfHalfLife == null || idfHalfLife.isNegative() || idfHalfLife.isZero()) {
            throw new IllegalArgumentException("idf half-life must be positive, got " + idfHalfLife);
        }
        if (centroidTerms < 8 || maxDocuments < 1) {
            throw new IllegalArgumentException("centroid terms must be >= 8 and max documents >= 1");
        }
        if (!(memberSimilarity >= 0 && memberSimilarity < 1)) {
            throw new IllegalArgumentException("member similarity must be at least 0 and below 1, got " + memberSimilarity);
        }
        if (recentDocuments < 1 || recentDocuments > 256) {
            throw new IllegalArgumentException("recent documents per story must be between 1 and 256, got " + recentDocuments);
        }
        if (!(mergeSimilarity >= 0 && mergeSimilarity <= 1)) {
            throw new IllegalArgumentException("story merge similarity must be between 0 and 1, got " + mergeSimilarity);
        }
    }

    /** Settings without the member check (the size bonus always applies), as before round four. */
    public StorySettings(Duration window, double threshold, double semanticWeight, double growth, double duplicate,
                         Duration idfHalfLife, int centroidTerms, int maxDocuments) {
        this(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, 0, DEFAULT_RECENT_DOCUMENTS, 0);
    }

    /** The daemon's defaults: words and headline meaning (needs a {@link HeadlineEncoder}). */
    public static StorySettings defaults() {
        return new StorySettings(DEFAULT_WINDOW, DEFAULT_THRESHOLD, DEFAULT_SEMANTIC_WEIGHT, DEFAULT_GROWTH, DEFAULT_DUPLICATE,
                DEFAULT_IDF_HALF_LIFE, DEFAULT_CENTROID_TERMS, DEFAULT_MAX_DOCUMENTS, DEFAULT_MEMBER_SIMILARITY, DEFAULT_RECENT_DOCUMENTS,
                DEFAULT_MERGE_SIMILARITY);
    }

    /** Words only: TF-IDF cosine to the story centroid, no headline model, the size bonus earned by shared terms (round five). */
    public static StorySettings wordsOnly() {
        return new StorySettings(DEFAULT_WINDOW, WORDS_ONLY_THRESHOLD, 0, WORDS_ONLY_GROWTH, DEFAULT_DUPLICATE,
                DEFAULT_IDF_HALF_LIFE, DEFAULT_CENTROID_TERMS, DEFAULT_MAX_DOCUMENTS, WORDS_ONLY_MEMBER_SIMILARITY, DEFAULT_RECENT_DOCUMENTS,
                WORDS_ONLY_MERGE_SIMILARITY);
    }

    /** True when the size bonus needs a document close to one of the story's latest ones (headline model or words only). */
    public boolean checksMembers() {
        return memberSimilarity > 0;
    }

    public StorySettings withMemberSimilarity(double memberSimilarity) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }

    public StorySettings withRecentDocuments(int recentDocuments) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }

    public StorySettings withMergeSimilarity(double mergeSimilarity) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }

    /** True when converging open stories merge ({@link #mergeSimilarity()} above 0). */
    public boolean merges() {
        return mergeSimilarity > 0;
    }

    /** True when the similarity uses headline vectors, i.e. the clusterer needs a {@link HeadlineEncoder}. */
    public boolean semantic() {
        return semanticWeight > 0;
    }

    public StorySettings withWindow(Duration window) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }

    public StorySettings withGrowth(double growth) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }

    public StorySettings withThreshold(double threshold) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }

    public StorySettings withSemanticWeight(double semanticWeight) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }

    public StorySettings withIdfHalfLife(Duration idfHalfLife) {
        return new StorySettings(window, threshold, semanticWeight, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments, memberSimilarity, recentDocuments, mergeSimilarity);
    }
}
