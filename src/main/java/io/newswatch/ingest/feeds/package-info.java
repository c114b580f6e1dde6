/**
 * Feed ingestion (RSS, RDF, Atom, CDF, JSON Feed): feed list parsing and watching, polling with per-host limits that never
 * hold global slots, lenient parsing and repair, feed autodiscovery, seen-item state, and turning items into documents.
 */
package io.newswatch.ingest.feeds;
