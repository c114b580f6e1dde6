/**
 * The alert record sent to Kafka and its CloudEvents JSON codec.
 */
package io.newswatch.alerts;
