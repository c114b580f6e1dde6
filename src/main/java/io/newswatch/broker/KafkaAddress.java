package io.newswatch.broker;

/**
 * Where Kafka is, resolved once by the daemon: {@code KAFKA_BOOTSTRAP_SERVERS} when set, else the
 * embedded broker's {@code newswatch.kafka.host:port}.
 */
public record KafkaAddress(String bootstrapServers) {}
