package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Story clustering settings ({@code NEWSWATCH_STORIES_*}); docs/stories.md explains each.
 */
@ConfigMapping(prefix = "newswatch.stories")
public interface StoriesConfig {
    /** A story closes when no document joined it for this long. */
    @WithDefault("48h")
    Duration window();

    /**
     * Share of the headline-meaning cosine (in-process MiniLM sentence model) in the similarity; 0 clusters on
     * words only (TF-IDF) and does not load the model.
     */
    @WithDefault("0.5")
    double semanticWeight();

    /**
     * Minimum score (similarity to the story times the size factor) for a document to join a story; unset:
     * 0.35 with the headline model, 0.16 on words only.
     */
    OptionalDouble threshold();

    /**
     * How much a story's size helps it attract the next document: score = similarity * (1 + growth * ln(size));
     * unset: 0.4 with the headline model, 0.5 on words only.
     */
    OptionalDouble growth();

    /**
     * A story's size helps a document only when the document is close to one of the story's 16 latest documents, else
     * the document is scored on its plain similarity; 0 = size always helps. With the headline model: a headline cosine
     * of at least this (unset: 0.45); on words only: that latest document holds at least this share of the document's
     * idf-weighted term weight (unset: 0.2).
     */
    OptionalDouble memberSimilarity();

    /**
     * Two open stories merge into the older one (the id it had first) when a document joins one of them, the other is
     * among the document's next best candidates, both have 2 documents or more, and the two stories are at least this
     * similar (centroid and headline-vector-sum cosines mixed as for a document; with the headline model their centroids'
     * word cosine must also reach 0.3); 0 = never merge. The absorbed story is
     * published closed with {@code mergedInto} (docs/stories.md). Unset: 0.35 with the headline model, 0.3 on words only.
     */
    OptionalDouble mergeSimilarity();

    /** A story is breaking when at least this many distinct sources covered it within {@link #breakingWindow()}. */
    @WithDefault("5")
    int breakingSources();

    /** The span in which {@link #breakingSources()} distinct sources make a story breaking. */
    @WithDefault("60m")
    Duration breakingWindow();

    /** How long a closed story stays queryable in {@code /api/stories} (and in the state store) after it closed. */
    @WithDefault("7d")
    Duration retention();
}
