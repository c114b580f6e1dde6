package io.newswatch.matching;

/**
 * One matched term: its text as it stands in the document and its character offsets
 * ({@code start} inclusive, {@code end} exclusive) in the named field ({@code title} or {@code body}).
 */
public record Highlight(String field, String term, int start, int end) {}
