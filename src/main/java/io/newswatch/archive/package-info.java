/**
 * The archive: every processed document and every alert, kept in an on-disk Lucene index with the
 * matcher's fields and analyzers, so the rule language searches history ({@link
 * io.newswatch.archive.ArchiveSearcher}) and draft rules are tried on it ({@link
 * io.newswatch.archive.Backtest}). {@link io.newswatch.archive.Archiver} fills it from Kafka and
 * commits the consumed offsets with the index, {@link io.newswatch.archive.ArchiveRetention}
 * keeps it within its age and size limits. Plain Java with Lucene; the daemon wires it.
 */
package io.newswatch.archive;
