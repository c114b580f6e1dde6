package io.newswatch.stories;

import java.time.Duration;

/**
 * The clusterer's parameters. Few on purpose: they were set on one development set and must hold
 * on unseen news.
 *
 * @param window          a story closes when no document joined it for this long (default 48 h)
 * @param threshold       minimum score (cosine to the story's centroid, times the growth factor) to join a story
 * @param growth          how much a story's size helps it attract a document: score = cosine * (1 + growth * ln(size))
 * @param duplicate       minimum estimated Jaccard similarity of word pairs to call a document a near-duplicate
 * @param idfHalfLife     half-life of the document frequencies behind the idf (default 24 h)
 * @param centroidTerms   terms kept per story centroid
 * @param maxDocuments    documents listed per story (counts stay exact beyond it)
 */
public record StorySettings(
        Duration window,
        double threshold,
        double growth,
        double duplicate,
        Duration idfHalfLife,
        int centroidTerms,
        int maxDocuments) {

    public static final Duration DEFAULT_WINDOW = Duration.ofHours(48);
    public static final double DEFAULT_THRESHOLD = 0.16;
    public static final double DEFAULT_GROWTH = 0.5;
    public static final double DEFAULT_DUPLICATE = 0.6;
    public static final Duration DEFAULT_IDF_HALF_LIFE = Duration.ofHours(24);
    public static final int DEFAULT_CENTROID_TERMS = 64;
    public static final int DEFAULT_MAX_DOCUMENTS = 500;

    public StorySettings {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("story window must be positive, got " + window);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("story threshold must be between 0 and 1, got " + threshold);
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
    }

    public static StorySettings defaults() {
        return new StorySettings(DEFAULT_WINDOW, DEFAULT_THRESHOLD, DEFAULT_GROWTH, DEFAULT_DUPLICATE, DEFAULT_IDF_HALF_LIFE,
                DEFAULT_CENTROID_TERMS, DEFAULT_MAX_DOCUMENTS);
    }

    public StorySettings withWindow(Duration window) {
        return new StorySettings(window, threshold, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments);
    }

    public StorySettings withGrowth(double growth) {
        return new StorySettings(window, threshold, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments);
    }

    public StorySettings withThreshold(double threshold) {
        return new StorySettings(window, threshold, growth, duplicate, idfHalfLife, centroidTerms, maxDocuments);
    }
}
