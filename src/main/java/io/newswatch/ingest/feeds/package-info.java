/**
 * RSS/Atom feed ingestion: feed list parsing and watching, polling with per-host limits, parsing, seen-item state, and turning items into documents.
 */
package io.newswatch.ingest.feeds;
