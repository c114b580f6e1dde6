package io.newswatch.pipeline;

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
 * The last gate before the alert topics: an alert whose id (a hash of rule id and document id) was
 * already sent is dropped, so the same rule never alerts twice on the same document, whether the
 * alert comes from the live stream or from a backfill, and however often a backfill is requested.
 * The ids sent live in a changelogged store written in the same exactly-once transaction as the
 * alerts (the single-partition task after story clustering sees every alert), and are forgotten
 * after {@code retention} (the document dedup retention: a document read again after it alerts again,
 * as before), measured in record time.
 */
final class AlertOnce implements Processor<String, RoutedAlert, String, RoutedAlert> {
    private static final Logger LOG = Logger.getLogger(AlertOnce.class);

    private final Duration retention;
    private final String origin;
    private ProcessorContext<String, RoutedAlert> context;
    private KeyValueStore<String, Long> sent;

    /** {@code origin} names the path in log lines ("backfill" or "stream"). */
    AlertOnce(Duration retention, String origin) {
        this.retention = retention;
        this.origin = origin;
    }

    @Override
    public void init(ProcessorContext<String, RoutedAlert> context) {
        this.context = context;
        this.sent = context.getStateStore(AlertTopology.SENT_ALERTS_STORE);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, RoutedAlert> record) {
        var alert = record.value().alert();
        Long sentAt = sent.get(alert.id());
        if (sentAt != null && record.timestamp() - sentAt < retention.toMillis()) {
            LOG.debugf("alert %s (%s) not sent again: rule %s already alerted on document %s", alert.id(), origin,
                    alert.rule().id(), alert.document().id());
            return;
        }
        sent.put(alert.id(), record.timestamp());
        if (origin.equals(AlertTopology.BACKFILL_ORIGIN)) {
            LOG.infof("alert %s: backfill of rule %s matched document %s (%s)", alert.id(), alert.rule().id(),
                    alert.document().id(), alert.document().url() != null ? alert.document().url() : alert.document().path());
        }
        context.forward(record.withKey(alert.id()));
    }

    private void expire(long now) {
        long cutoff = now - retention.toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = sent.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < cutoff) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(sent::delete);
    }
}
