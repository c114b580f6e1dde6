package io.newswatch.pipeline;

import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.jboss.logging.Logger;

/**
 * Anyone may write to {@code newswatch.documents}; a record that is not a newswatch document is
 * skipped with one log line naming where it is, and counted, rather than stopping the pipeline.
 */
public class SkipUndecodableDocuments implements DeserializationExceptionHandler {
    private static final Logger LOG = Logger.getLogger(SkipUndecodableDocuments.class);

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warnf("skipped record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), exception.getMessage());
        Metrics.counter("newswatch.processing.errors", "kind", "undecodable-document").increment();
        return DeserializationHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
