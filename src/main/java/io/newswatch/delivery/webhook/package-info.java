/**
 * The webhook channel: signed (Standard Webhooks) HTTP POSTs, with an address guard against private networks.
 */
package io.newswatch.delivery.webhook;
