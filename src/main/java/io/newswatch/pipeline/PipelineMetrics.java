package io.newswatch.pipeline;

import io.newswatch.ingest.IngestMetrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's Prometheus series. Names are part of the operator contract (dashboards and
 * alerting rules use them), so they are spelled out here in one place. Counters are registered once
 * and kept: an increment on the stream thread is a map lookup by rule id, not a registry lookup
 * (which builds a meter id with its tags and hashes it, per document and per match).
 */
public final class PipelineMetrics implements IngestMetrics {
    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter duplicates;
    private final Map<String, Counter> ingested = new ConcurrentHashMap<>();
    private final Map<String, Counter> matches = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();

    /**
     * Registers the series that exist from the start at zero, so dashboards and {@code rate()}
     * see them before their first event: documents processed and duplicates, file ingestion.
     */
    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processed = Counter.builder("newswatch.documents.processed").description("Documents matched against the rules").register(registry);
        this.duplicates = Counter.builder("newswatch.documents.duplicates")
                .description("Documents skipped because their id was seen before").register(registry);
        ingested("file");
    }

    /** A rule in force: its match and alert series exist, at zero until it first matches. */
    public void ruleActive(String rule) {
        matches(rule);
        alerts(rule);
    }

    private Counter ingested(String source) {
        return ingested.computeIfAbsent(source, s -> Counter.builder("newswatch.documents.ingested")
                .description("Documents published to newswatch.documents").tag("source", s).register(registry));
    }

    private Counter matches(String rule) {
        return matches.computeIfAbsent(rule, r -> Counter.builder("newswatch.matches").description("Rule matches").tag("rule", r)
                .register(registry));
    }

    private Counter alerts(String rule) {
        return alerts.computeIfAbsent(rule, r -> Counter.builder("newswatch.alerts.published").description("Alerts written to the alert topics")
                .tag("rule", r).register(registry));
    }

    /** A document handed to {@code newswatch.documents}; {@code source} is {@code file} or the feed name. */
    @Override
    public void documentIngested(String source) {
        ingested(source).increment();
    }

    /** A document the pipeline had already processed (same id) and therefore skipped. */
    public void documentDuplicate() {
        duplicates.increment();
    }

    public void documentProcessed() {
        processed.increment();
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
