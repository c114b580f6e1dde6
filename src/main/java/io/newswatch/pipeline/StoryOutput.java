package io.newswatch.pipeline;

import io.newswatch.stories.StoryDocument;

/**
 * What the clustering step emits: an alert (now carrying its story) or a story's new state; exactly
 * one is set. With a story state, {@code joined} is the document whose arrival made it (null when
 * the story closed): a story lists only its first documents, and the archive learns the story of
 * every later one from it.
 */
record StoryOutput(RoutedAlert alert, StoredStory story, StoryDocument joined) {
    StoryOutput(RoutedAlert alert, StoredStory story) {
        this(alert, story, null);
    }
}
