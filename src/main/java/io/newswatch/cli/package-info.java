/**
 * Command-line entry points (check-rules, scan, bench) that run the matcher and parsers without the daemon.
 */
package io.newswatch.cli;
