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
    /** Writes only the alert (the CloudEvent); the topic is routing, not payload. */
    public static Serde<RoutedAlert> serde() {
        return Serdes.serdeFrom(
                (topic, routed) -> routed == null ? null : AlertCodec.encode(routed.alert()),
                (topic, bytes) -> bytes == null ? null : new RoutedAlert(topic, AlertCodec.decode(bytes)));
    }
}
