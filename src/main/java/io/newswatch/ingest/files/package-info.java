/**
 * File ingestion: decoding, HTML pages, the size limit, and the folder ingester that publishes each file once and removes it after.
 */
package io.newswatch.ingest.files;
