/**
 * Rules measured on a labelled corpus: {@link io.newswatch.evaluation.LabelledCorpus} reads a labels
 * file and its documents as {@code scan} reads files, {@link io.newswatch.evaluation.EvaluationReport}
 * holds what the {@code evaluate} command prints (and its JSON), {@link io.newswatch.evaluation.RuleFigures} is
 * a rule's figures as JSON gives them (the same for {@code evaluate --json} and the API), and
 * {@link io.newswatch.evaluation.RuleEvaluations} keeps the daemon's rules in force evaluated in the
 * background for the console and {@code GET /api/rules/{id}/evaluation}. Plain Java; the command and
 * the daemon wire it.
 */
package io.newswatch.evaluation;
