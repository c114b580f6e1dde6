package io.newswatch.pipeline;

import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An alert together with its rule's topic, decided when the match is made, so a rule edited or
 * deleted a moment later cannot send an alert to a topic that no longer fits it.
 */
public record RoutedAlert(String topic, Alert alert) {
    /**
     * Writes only the alert (the CloudEvent); the topic is routing, not payload. Every alert is
     * written twice, to the all-alerts topic and to its rule's topic, as the same object one right
     * after the other on the same stream thread, so the serializer keeps the last alert it encoded
     * per thread and hands the same bytes out again (the producer does not change them).
     */
    public static Serde<RoutedAlert> serde() {
        ThreadLocal<Encoded> last = new ThreadLocal<>();
        return Serdes.serdeFrom(
                (topic, routed) -> {
                    if (routed == null) {
                        return null;
                    }
                    Encoded known = last.get();
                    if (known != null && known.alert() == routed.alert()) {
                        return known.bytes();
                    }
                    byte[] bytes = AlertCodec.encode(routed.alert());
                    last.set(new Encoded(routed.alert(), bytes));
                    return bytes;
                },
                (topic, bytes) -> bytes == null ? null : new RoutedAlert(topic, AlertCodec.decode(bytes)));
    }

    /** The last alert a thread encoded, compared by identity. */
    private record Encoded(Alert alert, byte[] bytes) {}
}
