package io.newswatch.pipeline;



import io.newswatch.document.Document;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Lets a document through only the first time its id is seen. The store is persistent and
 * changelogged, and updated in the same exactly-once transaction as the alerts, so a document
 * processed once never alerts again, across restarts and rebalances.
 */
final class DeduplicateDocuments implements Processor<String, Document, String, Document> {
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Document> context;
    private KeyValueStore<String, Long> seen;

    DeduplicateDocuments(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Document> context) {
        this.context = context;
        this.seen = context.getStateStore(AlertTopology.SEEN_STORE);
    }

    @Override
    public void process(Record<String, Document> record) {
        Document document = record.value();
        if (document == null) {
            return;
        }
        String id = document.id();
        if (seen.get(id) != null) {
            metrics.documentDuplicate();
            return;
        }
        seen.put(id, record.timestamp());
        context.forward(record.withKey(id));
    }
}
