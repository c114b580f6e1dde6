/**
 * Matching documents against rules with Lucene Monitor: rule compilation, the analyzer, evidence and snippets, and the rule registry (loading the rule directory, hot reload, rules in force).
 */
package io.newswatch.matching;
