package io.newswatch.ingest;

/**
 * What ingestion reports about itself: a port, so that ingest does not depend on the pipeline's
 * metrics; {@code pipeline.PipelineMetrics} implements it.
 */
public interface IngestMetrics {
    /** A document from {@code source} (a file, a feed) was published to the documents topic. */
    void documentIngested(String source);

    /** A document could not be ingested; {@code kind} says why (unreadable-file, kafka, ...). */
    void ingestError(String kind);
}
