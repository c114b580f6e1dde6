/**
 * Matching documents against rules (Lucene analysis and queries, a presearch index of our own): rule compilation, the analyzer, evidence and snippets, and the rule registry (loading the rule directory, hot reload, rules in force).
 * Also the measure of a rule set against labelled documents ({@link io.newswatch.matching.LabelsFile},
 * {@link io.newswatch.matching.RuleEvaluator}, {@link io.newswatch.matching.EvaluationSplit}), used by the {@code evaluate} command.
 *
 * <p>Order of things when a document is matched: {@link io.newswatch.matching.DocumentIndex} (the document analysed once),
 * the presearch ({@link io.newswatch.matching.PartPresearcher}, {@link io.newswatch.matching.PartIndex}: which rule parts
 * can match), then each candidate part checked over position lists ({@link io.newswatch.matching.PartCheck},
 * {@link io.newswatch.matching.PositionEvaluator}; nodes shared across parts once per document,
 * {@link io.newswatch.matching.SharedIntervalsSource}), and Lucene only for what those cannot decide. The compiled rule
 * queries are Lucene interval queries, so the archive runs the same queries over its index; there an alias group's or a
 * wildcard's words are opened once per segment for all parts of a query while a search sets up
 * ({@link io.newswatch.matching.WordSetSharing}).
 */
package io.newswatch.matching;
