package io.newswatch.pipeline;

import io.newswatch.stories.BreakingRule;
import io.newswatch.stories.HeadlineEncoder;
import io.newswatch.stories.MiniLmHeadlineEncoder;
import io.newswatch.stories.StorySettings;
import java.time.Duration;

/**
 * The story step's settings: the clusterer's, when a story is breaking, how long a closed
 * story stays in the store (and the API) after it closed, and the headline encoder the clusterer
 * uses when its settings are semantic (null on words only).
 */
public record StoryPipelineSettings(StorySettings clustering, BreakingRule breaking, Duration retention, HeadlineEncoder encoder) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public StoryPipelineSettings {
        if (clustering.semantic() && encoder == null) {
            throw new IllegalArgumentException("semantic story clustering needs a headline encoder");
        }
    }

    /** Words-only clustering (no headline encoder). */
    public StoryPipelineSettings(StorySettings clustering, BreakingRule breaking, Duration retention) {
        this(clustering, breaking, retention, null);
    }

    /** The daemon's defaults: words and headline meaning with the bundled MiniLM model. */
    public static StoryPipelineSettings defaults() {
        return new StoryPipelineSettings(StorySettings.defaults(),
                new BreakingRule(BreakingRule.DEFAULT_SOURCES, BreakingRule.DEFAULT_WITHIN), DEFAULT_RETENTION,
                MiniLmHeadlineEncoder.load());
    }

    /** The same settings with another headline encoder (used when the clustering is semantic). */
    public StoryPipelineSettings withEncoder(HeadlineEncoder encoder) {
        return new StoryPipelineSettings(clustering, breaking, retention, clustering.semantic() ? encoder : null);
    }

    public StoryPipelineSettings withClustering(StorySettings clustering) {
        return new StoryPipelineSettings(clustering, breaking, retention, clustering.semantic() ? encoder : null);
    }
}
