package io.newswatch.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The few settings needed before Quarkus starts, to decide whether to start the embedded broker
 * and where. Read from env vars and system properties with the same names and defaults as
 * {@link NewswatchConfig}, because the configuration system is not up yet.
 */
public record EmbeddedBrokerSettings(Optional<String> bootstrapServers, String host, int port, Path dataDir) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PORT = "9092";

    public static EmbeddedBrokerSettings fromEnvironment() {
        Optional<String> servers = setting("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers").filter(s -> !s.isBlank());
        String host = setting("NEWSWATCH_KAFKA_EMBEDDED_HOST", "newswatch.kafka.embedded-host").orElse(DEFAULT_HOST);
        String port = setting("NEWSWATCH_KAFKA_EMBEDDED_PORT", "newswatch.kafka.embedded-port").orElse(DEFAULT_PORT);
        String dataDir = setting("NEWSWATCH_DATA_DIR", "newswatch.data-dir").orElse("data");
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.strip());
            if (portNumber < 0 || portNumber > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("NEWSWATCH_KAFKA_EMBEDDED_PORT=\"" + port + "\" is not a port number (0-65535)");
        }
        return new EmbeddedBrokerSettings(servers, host.strip(), portNumber, Path.of(dataDir));
    }

    private static Optional<String> setting(String env, String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env);
        }
        return Optional.ofNullable(value);
    }
}
