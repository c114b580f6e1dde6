/**
 * What an operator writes: the @ConfigMapping settings interfaces with their documented defaults, and the YAML source reading with file:line:col problem locations used by operator files.
 */
package io.newswatch.config;
