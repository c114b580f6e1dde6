package io.newswatch.stories;

import java.time.Instant;

/**
 * One document of a story, as the story keeps it.
 *
 * @param id          the document id
 * @param source      the outlet
 * @param title       its headline
 * @param location    URL or path, may be null
 * @param time        its event time
 * @param duplicateOf id of the first copy when this is a near-duplicate of it, else null
 */
public record StoryDocument(String id, String source, String title, String location, Instant time, String duplicateOf) {}
