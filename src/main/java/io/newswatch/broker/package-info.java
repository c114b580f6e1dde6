/**
 * Kafka itself: the embedded KRaft broker, topic creation and per-topic settings ({@link io.newswatch.broker.TopicCreator}), the owner of every topic name ({@link io.newswatch.broker.Topics}), and the binding of local Kafka Streams state to the cluster it was built from ({@link io.newswatch.broker.ClusterBoundState}).
 */
package io.newswatch.broker;
