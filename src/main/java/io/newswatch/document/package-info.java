/**
 * The document record, its stable ids and its JSON form on the documents topic.
 */
package io.newswatch.document;
