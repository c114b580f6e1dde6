package io.newswatch.pipeline;

import org.jboss.logging.Logger;



import io.newswatch.document.Document;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Lets a document through only the first time its id is seen. A different file or URL with the
 * same text is logged once, at INFO, with both names; the same file read again (each start reads
 * the seeds folder) only at DEBUG, so a restart is quiet. The store is persistent and
 * changelogged, and updated in the same exactly-once transaction as the alerts, so a document
 * processed once never alerts again, across restarts and rebalances.
 */
final class DeduplicateDocuments implements Processor<String, Document, String, Document> {
    private static final Logger LOG = Logger.getLogger(DeduplicateDocuments.class);
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Document> context;
    private KeyValueStore<String, SeenDocument> seen;

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
        SeenDocument earlier = seen.get(id);
        if (earlier != null) {
            metrics.documentDuplicate();
            if (earlier.location() != null && !earlier.location().equals(document.location())) {
                LOG.infof("document %s has the same text as %s, processed before; skipped (document id %s)",
                        document.location(), earlier.location(), id);
            } else {
                // The same file read again (every start reads the seeds folder) or the same feed item.
                LOG.debugf("document %s processed before; skipped (document id %s)", document.location(), id);
            }
            return;
        }
        seen.put(id, new SeenDocument(record.timestamp(), document.location()));
        context.forward(record.withKey(id));
    }
}
