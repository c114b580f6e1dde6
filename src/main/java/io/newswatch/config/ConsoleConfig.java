package io.newswatch.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
}
