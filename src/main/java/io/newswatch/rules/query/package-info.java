/**
 * The rule query language: grammar, parser and syntax tree (see docs/rules.md for the operators and their precedence).
 */
package io.newswatch.rules.query;
