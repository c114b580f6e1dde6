package io.newswatch.pipeline;

/** What the clustering step emits: an alert (now carrying its story) or a story's new state; exactly one is set. */
record StoryOutput(RoutedAlert alert, StoredStory story) {}
