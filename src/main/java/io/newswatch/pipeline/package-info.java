/**
 * The Kafka Streams pipeline, exactly-once: documents are deduplicated by id, then matched against the rules in force, then each match is written as an alert to its rule topic (and the alerts topic). Also the Kafka producer behind {@link io.newswatch.ingest.DocumentSink} and the pipeline metrics.
 */
package io.newswatch.pipeline;
