package io.newswatch.daemon;

import jakarta.enterprise.context.ApplicationScoped;
import io.newswatch.broker.TopicCreator;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means documents are being matched right now: Kafka answered the last probe and the Kafka
 * Streams application is RUNNING. Both come from state the pipeline already keeps, so the check
 * answers at once even while Kafka is away (a health check that itself waits on Kafka would time
 * out the orchestrator's probe instead of saying "not ready").
 */
@Readiness
@ApplicationScoped
public class PipelineReadiness implements HealthCheck {
    @Inject KafkaStreams streams;
    @Inject TopicCreator kafka;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named("newswatch pipeline")
                .status(state == KafkaStreams.State.RUNNING && kafka.reachable())
                .withData("streams", state.name())
                .withData("kafka", kafka.reachable() ? "reachable" : "unreachable")
                .build();
    }
}
