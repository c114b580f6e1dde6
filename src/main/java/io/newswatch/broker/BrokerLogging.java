package io.newswatch.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Keeps the in-process broker from burying newswatch's own log. Kafka logs through slf4j, which
 * both Quarkus and the plain-JUnit tests route to JBoss LogManager, so levels are set there. Only
 * categories nobody configured are touched: an explicit {@code quarkus.log.category."kafka".level=DEBUG}
 * still wins.
 */
final class BrokerLogging {
    /** The broker's own categories: Scala {@code kafka.*}, Java {@code org.apache.kafka.*}, and the state-change log. */
    static final List<String> CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger");

    /**
     * Warnings the broker logs on every healthy start or stop, which an operator can do nothing
     * about, by logger and message fragment.
     */
    private static final Map<String, String> ROUTINE_WARNINGS = Map.of(
            "org.apache.kafka.controller.QuorumController", "Performing controller activation",
            "org.apache.kafka.clients.NetworkClient", "[NodeToControllerChannelManager id=");

    /** Strong references, so that the levels and filters set here are not lost with a collected logger. */
    private static final List<Logger> TOUCHED = new CopyOnWriteArrayList<>();

    private BrokerLogging() {}

    static synchronized void quiet() {
        LogContext context = LogContext.getLogContext();
        for (String name : CATEGORIES) {
            Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
                TOUCHED.add(logger);
            }
        }
        ROUTINE_WARNINGS.forEach((name, fragment) -> {
            Logger logger = context.getLogger(name);
            if (logger.getFilter() == null) {
                logger.setFilter(new DropRoutine(fragment));
                TOUCHED.add(logger);
            }
        });
    }

    /** Drops WARN records containing the fragment; anything more severe always passes. */
    private record DropRoutine(String fragment) implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            String message = record.getMessage();
            return record.getLevel().intValue() > Level.WARN.intValue() || message == null || !message.contains(fragment);
        }
    }
}
