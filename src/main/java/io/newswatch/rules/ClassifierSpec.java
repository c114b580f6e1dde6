package io.newswatch.rules;

import io.newswatch.config.ScalarLocation;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A rule's {@code classifier:} block: a learned second stage that keeps or drops each match of the
 * rule's query. Either trained beforehand by {@code train-classifier} and read from a weights file
 * ({@code file:}, {@code weights} present: a passage-embedding model), or trained when the rule
 * loads from a labels file ({@code labels:}, {@code weights} empty: a model over passage words).
 *
 * @param labels    the labels file to train on at load, resolved against the rule file's folder; null with {@code file:}
 * @param docs      the folder the labels' document paths are read from (default: the labels file's folder); null with {@code file:}
 * @param weights   the weights file's content, read and checked when the rule loaded
 * @param threshold a match is kept when the classifier's probability is at least this (0 < t < 1)
 * @param location  where the {@code labels} or {@code file} value stands in the rule file, for later messages
 */
public record ClassifierSpec(Path labels, Path docs, Optional<ClassifierWeights> weights, double threshold, ScalarLocation location) {
    /** The default threshold: keep a match the classifier finds at least as likely true as false. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** A classifier trained at load from a labels file. */
    public ClassifierSpec(Path labels, Path docs, double threshold, ScalarLocation location) {
        this(labels, docs, Optional.empty(), threshold, location);
    }
}
