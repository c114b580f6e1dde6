package io.newswatch.pipeline;

import io.newswatch.ingest.IngestMetrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The pipeline's Prometheus series. Names are part of the operator contract (dashboards and
 * alerting rules use them), so they are spelled out here in one place.
 */
public final class PipelineMetrics implements IngestMetrics {
    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A document handed to {@code newswatch.documents}; {@code source} is {@code file} or the feed name. */
    @Override
    public void documentIngested(String source) {
        Counter.builder("newswatch.documents.ingested").description("Documents published to newswatch.documents")
                .tag("source", source).register(registry).increment();
    }

    /** A document the pipeline had already processed (same id) and therefore skipped. */
    public void documentDuplicate() {
        Counter.builder("newswatch.documents.duplicates").description("Documents skipped because their id was seen before")
                .register(registry).increment();
    }

    public void documentProcessed() {
        Counter.builder("newswatch.documents.processed").description("Documents matched against the rules")
                .register(registry).increment();
    }

    public void ruleMatched(String rule) {
        Counter.builder("newswatch.matches").description("Rule matches").tag("rule", rule).register(registry).increment();
    }

    /** An alert handed to Kafka by the Streams producer (acknowledged when the transaction commits). */
    public void alertPublished(String rule) {
        Counter.builder("newswatch.alerts.published").description("Alerts written to the alert topics")
                .tag("rule", rule).register(registry).increment();
    }

    /** {@code kind}: unreadable, binary, empty, too-large, kafka, ... */
    @Override
    public void ingestError(String kind) {
        Counter.builder("newswatch.ingest.errors").description("Files or documents that could not be ingested")
                .tag("kind", kind).register(registry).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
