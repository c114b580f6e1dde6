/**
 * Kafka itself: the embedded KRaft broker, topic creation and per-topic settings ({@link io.newswatch.broker.TopicCreator}) and the owner of every topic name ({@link io.newswatch.broker.Topics}).
 */
package io.newswatch.broker;
