/**
 * Matching documents against rules (Lucene analysis and queries, a presearch index of our own): rule compilation, the analyzer, evidence and snippets, and the rule registry (loading the rule directory, hot reload, rules in force).
 * Also the measure of a rule set against labelled documents ({@link io.newswatch.matching.LabelsFile},
 * {@link io.newswatch.matching.RuleEvaluator}, {@link io.newswatch.matching.EvaluationSplit}), used by the {@code evaluate} command.
 */
package io.newswatch.matching;
