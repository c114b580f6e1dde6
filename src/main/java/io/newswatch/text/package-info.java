/**
 * Text cleanup shared by all ingestion: debris lines, hard wraps, titles, published dates, language guessing, stopwords.
 */
package io.newswatch.text;
