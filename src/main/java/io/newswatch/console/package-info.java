/**
 * The web console served at {@code /}: Qute pages for the overview (pipeline state, activity
 * charts, latest alerts), alerts, rules and feeds; {@link io.newswatch.console.RecentActivity}
 * reads the last day of documents and alerts from Kafka for them; {@link
 * io.newswatch.console.ConsoleAccess} decides who may see the console and the {@code /api}
 * endpoints (HTTP Basic when a password is set, refused when exposed beyond loopback without one,
 * same-origin check on state-changing requests); {@link io.newswatch.console.BacktestJobs} runs
 * the workbench's backtests in the background, bounded. The console reads; it never writes rule files.
 */
package io.newswatch.console;
