package io.newswatch.ingest.feeds;

import io.newswatch.testing.MutableClock;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One poll cycle over many feeds served locally: wall time, requests per second and memory.
 * Feeds are spread over loopback addresses 127.0.0.1..127.0.0.N so the per-host limit (2) acts
 * as it would against N real publishers. Not a unit test; run with
 * {@code ./mvnw -q -o test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.newswatch.ingest.feeds.FeedScaleBenchmark [-Dexec.args="2000 50 20"]}
 * (arguments: feeds, hosts, items per feed).
 */
public final class FeedScaleBenchmark {

    public static void main(String[] args) throws Exception {
        int feedCount = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int hostCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int itemsPerFeed = args.length > 2 ? Integer.parseInt(args[2]) : 20;

        List<LocalFeedServer> servers = startServers(hostCount);
        Path dataDir = Files.createTempDirectory("newswatch-feed-benchmark");
        AtomicLong published = new AtomicLong();
        MutableClock clock = new MutableClock(Instant.parse("2024-10-08T12:00:00Z"));
        FeedPollerSettings settings = FeedPollerSettings.defaults().withJitter(Duration.ZERO).withUserAgent("newswatch/benchmark");
        long bodyBytes = 0;
        try (FeedPoller poller = new FeedPoller(settings, document -> published.incrementAndGet(),
                new FeedStateStore(dataDir.resolve("feeds")), new SimpleMeterRegistry(), clock)) {
            List<FeedSpec> specs = new ArrayList<>(feedCount);
            for (int i = 0; i < feedCount; i++) {
                LocalFeedServer server = servers.get(i % servers.size());
                String path = pathOf(i);
                byte[] body = SampleFeeds.rssWithItems("Feed " + i, "f" + i, itemsPerFeed).getBytes(StandardCharsets.UTF_8);
                bodyBytes += body.length;
                String etag = "\"f" + i + "\"";
                server.route(path, ex -> {
                    if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                        LocalFeedServer.send(ex, 304, null, null);
                        return;
                    }
                    ex.getResponseHeaders().set("ETag", etag);
                    LocalFeedServer.send(ex, 200, "application/rss+xml; charset=utf-8", body);
                });
                specs.add(FeedSpec.of(server.url(path)));
            }
            poller.setFeeds(specs);
            long heapBefore = usedHeapAfterGc();

            System.out.printf("feeds=%d hosts=%d items/feed=%d avg body=%.1f KiB max-concurrency=%d per-host=%d cores=%d java=%s%n",
                    feedCount, servers.size(), itemsPerFeed, bodyBytes / 1024.0 / feedCount, settings.maxConcurrency(),
                    settings.perHostConcurrency(), Runtime.getRuntime().availableProcessors(), Runtime.version());
            cycle("cycle 1 (cold: 200, parse, publish)", poller, published);
            long heapAfterFirst = usedHeapAfterGc();
            clock.advance(settings.defaultInterval().plusSeconds(1));
            cycle("cycle 2 (all 304 Not Modified)", poller, published);
            for (int i = 0; i < feedCount; i++) {
                byte[] changed = SampleFeeds.rssWithItems("Feed " + i, "g" + i, itemsPerFeed).getBytes(StandardCharsets.UTF_8);
                servers.get(i % servers.size()).route(pathOf(i),
                        ex -> LocalFeedServer.send(ex, 200, "application/rss+xml; charset=utf-8", changed));
            }
            clock.advance(settings.defaultInterval().plusSeconds(1));
            cycle("cycle 3 (warm: 200, parse, publish)", poller, published);

            System.out.printf("retained heap: %.1f MiB before polling, %.1f MiB after the first cycle (%.1f KiB per feed)%n",
                    heapBefore / 1048576.0, heapAfterFirst / 1048576.0, (heapAfterFirst - heapBefore) / 1024.0 / feedCount);
            System.out.printf("load average during the run: %.1f on %d cores%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
            System.out.printf("peak heap used: %.1f MiB; state on disk: %.1f MiB in %d files%n",
                    peakHeap() / 1048576.0, directorySize(dataDir) / 1048576.0, fileCount(dataDir.resolve("feeds")));
        } finally {
            servers.forEach(LocalFeedServer::close);
            deleteTree(dataDir);
        }
    }

    private static String pathOf(int feed) {
        return "/feed/" + feed + ".xml";
    }

    private static void cycle(String label, FeedPoller poller, AtomicLong published) throws InterruptedException {
        long before = published.get();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        FeedPoller.PollSummary summary = poller.pollDue();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.printf("%s: %.2f s wall, %.0f requests/s, %d fetched, %d not modified, %d failed, %d documents (%.0f/s); "
                        + "%.1f s CPU (server included) = %.2f ms CPU per feed%n",
                label, seconds, summary.polled() / seconds, summary.fetched(), summary.notModified(), summary.failed(),
                published.get() - before, (published.get() - before) / seconds, cpuSeconds, cpuSeconds * 1000 / summary.polled());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static List<LocalFeedServer> startServers(int hostCount) throws IOException {
        List<LocalFeedServer> servers = new ArrayList<>();
        for (int i = 1; i <= hostCount; i++) {
            try {
                servers.add(new LocalFeedServer("127.0.0." + i));
            } catch (BindException e) {
                System.out.printf("cannot bind 127.0.0.%d (%s); using %d hosts%n", i, e.getMessage(), servers.size());
                break;
            }
        }
        return servers;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
