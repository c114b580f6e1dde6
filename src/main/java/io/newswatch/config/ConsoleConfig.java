package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The web console at {@code /} and the protected {@code /api} endpoints. When the daemon listens
 * beyond loopback ({@code QUARKUS_HTTP_HOST} other than 127.0.0.1/::1/localhost), a password is
 * required: without one the console and the protected API answer 503 and say why.
 */
@ConfigMapping(prefix = "newswatch.console")
public interface ConsoleConfig {
    /** User name for HTTP Basic ({@code NEWSWATCH_CONSOLE_USER}). */
    @WithDefault("admin")
    String user();

    /** Password for HTTP Basic ({@code NEWSWATCH_CONSOLE_PASSWORD}); unset: open on loopback only. */
    Optional<String> password();

    /** How many recent alerts the console keeps in memory for its pages and live updates. */
    @WithDefault("200")
    int recentAlerts();

    /** Workbench backtests running at once, each on its own thread ({@code NEWSWATCH_CONSOLE_BACKTEST_WORKERS}, 1 to 16). */
    @WithDefault("1")
    int backtestWorkers();

    /** Workbench backtests waiting beyond those running; one more is refused with a message ({@code NEWSWATCH_CONSOLE_BACKTEST_QUEUE}, 0 to 1000). */
    @WithDefault("4")
    int backtestQueue();

    /** How long a finished workbench backtest's result stays available at its page ({@code NEWSWATCH_CONSOLE_BACKTEST_KEEP}, at least 1s). */
    @WithDefault("15m")
    Duration backtestKeep();

    /**
     * CPU time a console search spends counting its matches before the page says "at least" and offers to count
     * exactly ({@code NEWSWATCH_CONSOLE_SEARCH_COUNT_BUDGET}; the exact count uses {@code NEWSWATCH_ARCHIVE_SEARCH_COUNT_BUDGET}).
     */
    @WithDefault("50ms")
    Duration searchCountBudget();
}
