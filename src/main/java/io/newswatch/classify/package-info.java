/**
 * The learned second stage of a rule, which keeps or drops each match of the rule's query
 * ({@link io.newswatch.classify.SecondStage}, the {@link io.newswatch.matching.MatchStage} the registry
 * and the command-line tools apply). Two models: a passage-embedding model read from a weights file
 * ({@link io.newswatch.classify.PassageScorer}, trained beforehand by
 * {@link io.newswatch.classify.PassageTrainer} through {@code train-classifier}), and a linear model
 * over passage words trained at rule load from a labels file ({@link io.newswatch.classify.ClassifierTrainer}).
 * Plain Java over {@code matching}, {@code rules}, {@code ingest}, {@code document} and the sentence
 * model of {@code stories}; deterministic.
 */
package io.newswatch.classify;
