package io.newswatch.stories;

import java.time.Instant;

/**
 * What the clusterer reads of a document.
 *
 * @param id       the document's stable id; the first document's id becomes its story's id
 * @param time     the document's time for the story window: the daemon uses when it read the document
 *                 (published dates are missing or wrong too often), the {@code cluster} command the file's timestamp
 * @param source   the outlet, e.g. a feed name or publisher
 * @param title    the headline
 * @param body     the text, may be empty
 * @param location URL or path, may be null
 */
public record StoryInput(String id, Instant time, String source, String title, String body, String location) {
    public StoryInput {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a document for clustering needs an id");
        }
        if (time == null) {
            throw new IllegalArgumentException("document " + id + " has no time");
        }
        source = source == null ? "" : source;
        title = title == null ? "" : title;
        body = body == null ? "" : body;
    }
}
