/**
 * The learned second stage of a rule: a linear classifier over the passages around the words a
 * rule's query matched, trained at rule load from a labels file and the rule's examples, that keeps
 * or drops each of the query's matches ({@link io.newswatch.classify.SecondStage}, the
 * {@link io.newswatch.matching.MatchStage} the registry and the command-line tools apply).
 * Plain Java over {@code matching}, {@code rules}, {@code ingest} and {@code document}; deterministic.
 */
package io.newswatch.classify;
