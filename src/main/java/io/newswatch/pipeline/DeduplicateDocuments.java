package io.newswatch.pipeline;

import io.newswatch.document.Document;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Lets a document through only the first time its id is seen within the retention. A different
 * file or URL with the same text is logged once, at INFO, with both names; the same file read again
 * (each start reads the seeds folder) only at DEBUG, so a restart is quiet. The store maps each id
 * to the record time it was last seen (and its first name), is persistent and changelogged, and is
 * updated in the same exactly-once transaction as the alerts, so a document processed once never
 * alerts again, across restarts and rebalances, as long as it comes back within {@code retention}
 * of its last sighting. A punctuator on stream time deletes ids not seen for longer (their
 * changelog entries become tombstones, so the store and its topic stop growing); the check itself
 * also ignores an expired id, so the answer does not depend on when the cleanup last ran.
 */
final class DeduplicateDocuments implements Processor<String, Document, String, Document> {
    private static final Logger LOG = Logger.getLogger(DeduplicateDocuments.class);
    /** Ids deleted per batch by the cleanup, so it never holds more than this many in memory. */
    static final int CLEANUP_BATCH = 10_000;

    private final PipelineMetrics metrics;
    private final long retentionMillis;
    private ProcessorContext<String, Document> context;
    private KeyValueStore<String, SeenDocument> seen;

    DeduplicateDocuments(PipelineMetrics metrics, Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("newswatch.dedup-retention must be positive, got " + retention);
        }
        this.metrics = metrics;
        this.retentionMillis = retention.toMillis();
    }

    /** How often the cleanup runs: a tenth of the retention, between 1 s and 1 h (of stream time). */
    static Duration cleanupInterval(Duration retention) {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
    }

    @Override
    public void init(ProcessorContext<String, Document> context) {
        this.context = context;
        this.seen = context.getStateStore(AlertTopology.SEEN_STORE);
        context.schedule(cleanupInterval(Duration.ofMillis(retentionMillis)), PunctuationType.STREAM_TIME, this::forgetOlderThanRetention);
    }

    @Override
    public void process(Record<String, Document> record) {
        Document document = record.value();
        if (document == null) {
            return;
        }
        String id = document.id();
        SeenDocument earlier = seen.get(id);
        boolean repeat = earlier != null && record.timestamp() - earlier.timestamp() < retentionMillis;
        String firstName = repeat && earlier.location() != null ? earlier.location() : document.location();
        seen.put(id, new SeenDocument(Math.max(record.timestamp(), earlier == null ? Long.MIN_VALUE : earlier.timestamp()), firstName));
        if (repeat) {
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
        context.forward(record.withKey(id));
    }

    private void forgetOlderThanRetention(long streamTime) {
        long cutoff = streamTime - retentionMillis;
        while (true) {
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, SeenDocument> all = seen.all()) {
                while (all.hasNext() && expired.size() < CLEANUP_BATCH) {
                    KeyValue<String, SeenDocument> entry = all.next();
                    if (entry.value != null && entry.value.timestamp() <= cutoff) {
                        expired.add(entry.key);
                    }
                }
            }
            expired.forEach(seen::delete);
            if (expired.size() < CLEANUP_BATCH) {
                return;
            }
        }
    }
}
