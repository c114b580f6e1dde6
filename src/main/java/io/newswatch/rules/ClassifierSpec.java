package io.newswatch.rules;

import io.newswatch.config.ScalarLocation;

import java.nio.file.Path;

/**
 * A rule's {@code classifier:} block: a learned second stage that keeps or drops each match of the
 * rule's query, trained at rule load from a labels file (and the rule's own examples).
 *
 * @param labels    the labels file, resolved against the rule file's folder (the rules directory)
 * @param docs      the folder the labels' document paths are read from (default: the labels file's folder)
 * @param threshold a match is kept when the classifier's probability is at least this (0 < t < 1)
 * @param location  where the {@code labels} value stands in the rule file, for later messages
 */
public record ClassifierSpec(Path labels, Path docs, double threshold, ScalarLocation location) {
    /** The default threshold: keep a match the classifier finds at least as likely true as false. */
    public static final double DEFAULT_THRESHOLD = 0.5;
}
