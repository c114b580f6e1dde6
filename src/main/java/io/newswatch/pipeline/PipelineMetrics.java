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

    /**
     * Registers the series that exist from the start at zero, so dashboards and {@code rate()}
     * see them before their first event: documents processed and duplicates, file ingestion.
     */
    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        processed();
        duplicates();
        ingested("file");
    }

    /** A rule in force: its match and alert series exist, at zero until it first matches. */
    public void ruleActive(String rule) {
        matches(rule);
        alerts(rule);
    }

    private Counter processed() {
        return Counter.builder("newswatch.documents.processed").description("Documents matched against the rules").register(registry);
    }

    private Counter duplicates() {
        return Counter.builder("newswatch.documents.duplicates").description("Documents skipped because their id was seen before")
                .register(registry);
    }

    private Counter ingested(String source) {
        return Counter.builder("newswatch.documents.ingested").description("Documents published to newswatch.documents")
                .tag("source", source).register(registry);
    }

    private Counter matches(String rule) {
        return Counter.builder("newswatch.matches").description("Rule matches").tag("rule", rule).register(registry);
    }

    private Counter alerts(String rule) {
        return Counter.builder("newswatch.alerts.published").description("Alerts written to the alert topics")
                .tag("rule", rule).register(registry);
    }

    /** A document handed to {@code newswatch.documents}; {@code source} is {@code file} or the feed name. */
    @Override
    public void documentIngested(String source) {
        ingested(source).increment();
    }

    /** A document the pipeline had already processed (same id) and therefore skipped. */
    public void documentDuplicate() {
        duplicates().increment();
    }

    public void documentProcessed() {
        processed().increment();
    }

    public void ruleMatched(String rule) {
        matches(rule).increment();
    }

    /** An alert handed to Kafka by the Streams producer (acknowledged when the transaction commits). */
    public void alertPublished(String rule) {
        alerts(rule).increment();
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
