package io.newswatch.ingest.feeds;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Politeness towards publishers: many feeds often live on one host, and polling them all at once
 * would look like an attack. Keyed by host name, one fair semaphore per host; the map only grows
 * with the number of distinct hosts in the feed list.
 */
final class HostLimiter {
    private final int perHost;
    private final ConcurrentMap<String, Semaphore> hosts = new ConcurrentHashMap<>();

    HostLimiter(int perHost) {
        this.perHost = perHost;
    }

    /** Blocks until a request to {@code host} may start; the caller must {@link #release} it. */
    void acquire(String host) throws InterruptedException {
        semaphore(host).acquire();
    }

    void release(String host) {
        semaphore(host).release();
    }

    private Semaphore semaphore(String host) {
        return hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new Semaphore(perHost, true));
    }
}
