package io.newswatch.matching;

/**
 * One line of a labels file: whether {@code rule} should match {@code document}.
 *
 * @param document the document's path as written in the labels file ({@code docs/reuters-00012.txt})
 * @param rule     the rule id
 * @param expected true for {@code yes}
 * @param reason   the labeller's note, empty when the line has none
 * @param line     1-based line number in the labels file
 */
public record Label(String document, String rule, boolean expected, String reason, int line) {}
