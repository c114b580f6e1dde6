/**
 * HTTP endpoints (JAX-RS): rules, a test match, feed status. Reads from the layers below through their own types; no wiring of its own.
 */
package io.newswatch.api;
