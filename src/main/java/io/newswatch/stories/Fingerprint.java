package io.newswatch.stories;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A MinHash signature of a document's word pairs (title and the start of the body), for telling
 * wire copy republished with small edits from a different article about the same event. Two
 * fingerprints estimate the Jaccard similarity of the documents' word-pair sets.
 */
public record Fingerprint(long[] minima) {
    /** Number of hash functions: 32 gives a standard error of about 0.08 on the Jaccard estimate. */
    public static final int SIZE = 32;
    /** Words of the body that go into the fingerprint. */
    static final int BODY_WORDS = 300;

    public Fingerprint {
        minima = minima.clone();
        if (minima.length != SIZE) {
            throw new IllegalArgumentException("a fingerprint has " + SIZE + " values, got " + minima.length);
        }
    }

    @Override
    public long[] minima() {
        return minima.clone();
    }

    /** The fingerprint of a document; null when it has fewer than 3 words, too short to call a copy. */
    public static Fingerprint of(String title, String body) {
        List<String> words = new ArrayList<>(StoryTerms.words(title));
        List<String> bodyWords = StoryTerms.words(body);
        words.addAll(bodyWords.subList(0, Math.min(bodyWords.size(), BODY_WORDS)));
        if (words.size() < 3) {
            return null;
        }
        long[] minima = new long[SIZE];
        Arrays.fill(minima, Long.MAX_VALUE);
        for (int i = 0; i + 1 < words.size(); i++) {
            long shingle = hash(words.get(i)) * 31 + hash(words.get(i + 1));
            for (int k = 0; k < SIZE; k++) {
                long h = mix(shingle + 0x9E3779B97F4A7C15L * (k + 1));
                if (h < minima[k]) {
                    minima[k] = h;
                }
            }
        }
        return new Fingerprint(minima);
    }

    /** Estimated Jaccard similarity of the two documents' word-pair sets, 0 to 1. */
    public double similarity(Fingerprint other) {
        int same = 0;
        for (int k = 0; k < SIZE; k++) {
            if (minima[k] == other.minima[k]) {
                same++;
            }
        }
        return same / (double) SIZE;
    }

    private static long hash(String word) {
        long h = 1125899906842597L;
        for (int i = 0; i < word.length(); i++) {
            h = 31 * h + word.charAt(i);
        }
        return h;
    }

    /** SplitMix64 finaliser: a fixed, well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && Arrays.equals(minima, f.minima);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(minima);
    }

    @Override
    public String toString() {
        return "Fingerprint" + Arrays.toString(minima);
    }
}
