/**
 * The email channel: rendering and sending alerts by SMTP.
 */
package io.newswatch.delivery.email;
