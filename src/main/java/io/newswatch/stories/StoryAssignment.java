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
 */
public record StoryAssignment(
        String storyId, boolean started, String duplicateOf, double similarity, StoryState story, List<String> closed) {
    public StoryAssignment {
        closed = List.copyOf(closed);
    }
}
