/**
 * Getting documents in: files ({@code files}) and feeds ({@code feeds}) turned into documents and published through {@link io.newswatch.ingest.DocumentSink}; ingestion reports through the {@link io.newswatch.ingest.IngestMetrics} port.
 */
package io.newswatch.ingest;
