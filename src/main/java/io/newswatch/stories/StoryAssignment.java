package io.newswatch.stories;

import java.util.List;

/**
 * The clusterer's decision for one document.
 *
 * @param storyId     the story the document joined or started
 * @param started     true when the document started the story
 * @param duplicateOf id of the first copy when the document is a near-duplicate, else null
 * @param similarity  score against the story it joined (cosine times the growth factor; 1 for a new story)
 * @param story       the story after the document joined
 * @param closed      stories that closed because time moved on with this document (ids)
 * @param merged      open stories this document's story absorbed after it joined (ids, in merge order): they converged
 *                    into one event; their documents now belong to {@code storyId}
 */
public record StoryAssignment(
        String storyId, boolean started, String duplicateOf, double similarity, StoryState story, List<String> closed,
        List<String> merged) {
    public StoryAssignment {
        closed = List.copyOf(closed);
        merged = List.copyOf(merged);
    }

    /** An assignment that merged nothing. */
    public StoryAssignment(String storyId, boolean started, String duplicateOf, double similarity, StoryState story, List<String> closed) {
        this(storyId, started, duplicateOf, similarity, story, closed, List.of());
    }
}
