package io.newswatch.pipeline;

import io.newswatch.stories.BreakingRule;
import io.newswatch.stories.StorySettings;
import java.time.Duration;

/**
 * The story step's settings: the clusterer's, when a story is breaking, and how long a closed
 * story stays in the store (and the API) after it closed.
 */
public record StoryPipelineSettings(StorySettings clustering, BreakingRule breaking, Duration retention) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public static StoryPipelineSettings defaults() {
        return new StoryPipelineSettings(StorySettings.defaults(),
                new BreakingRule(BreakingRule.DEFAULT_SOURCES, BreakingRule.DEFAULT_WITHIN), DEFAULT_RETENTION);
    }
}
