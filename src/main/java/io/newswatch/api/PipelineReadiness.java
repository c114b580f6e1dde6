package io.newswatch.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means documents are being matched right now: the Kafka Streams application is RUNNING.
 * (Quarkus's own Streams state check is a liveness check and also accepts REBALANCING; Kafka
 * reachability is Quarkus's Kafka readiness check.)
 */
@Readiness
@ApplicationScoped
public class PipelineReadiness implements HealthCheck {
    @Inject KafkaStreams streams;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("newswatch pipeline")
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .build();
    }
}
