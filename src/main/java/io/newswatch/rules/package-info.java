/**
 * Rule files as plain parsed data, no Lucene: the rule record, the rule-file parser, severities, and the query language (package {@code query}). A rule file is parsed into a {@link io.newswatch.rules.Rule}, its query into a {@link io.newswatch.rules.query.QueryNode} tree; compiling and evaluating happen in {@code matching}.
 */
package io.newswatch.rules;
