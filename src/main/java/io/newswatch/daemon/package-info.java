/**
 * The composition root, top layer: the only package with CDI producers, observers and lifecycle. {@link io.newswatch.daemon.Producers} builds the parts from configuration (one Clock, one resolved Kafka bootstrap address, the configured file reader, topic names); {@link io.newswatch.daemon.Lifecycle} starts things in order on start-up: topics requested, rules loaded, notifier started, timers (rule reload, seeds ingest, Kafka check); Quarkus starts Kafka Streams once its topics exist. Everything below is plain Java.
 */
package io.newswatch.daemon;
