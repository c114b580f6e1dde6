package io.newswatch.stories;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * When a story counts as breaking: at least {@code sources} distinct sources added a document to it
 * within {@code within} before its latest document. Counts documents the story lists (its first
 * {@link StorySettings#maxDocuments()}), which is where a story breaks.
 */
public record BreakingRule(int sources, Duration within) {
    public static final int DEFAULT_SOURCES = 5;
    public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(60);

    public BreakingRule {
        if (sources < 2) {
            throw new IllegalArgumentException("a breaking story needs at least 2 sources, got " + sources);
        }
        if (within == null || within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("the breaking window must be positive, got " + within);
        }
    }

    public boolean isBreaking(StoryState story) {
        Instant from = story.lastSeen().minus(within);
        Set<String> recent = new HashSet<>();
        for (StoryDocument document : story.documents()) {
            if (!document.time().isBefore(from)) {
                recent.add(document.source());
            }
        }
        return recent.size() >= sources;
    }
}
