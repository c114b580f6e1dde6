/**
 * Kafka itself: the embedded KRaft broker, topic creation ({@link io.newswatch.broker.TopicCreator}).
 */
package io.newswatch.broker;
