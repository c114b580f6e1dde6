package io.newswatch.ingest.feeds;

import io.newswatch.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Every file of the shared real-world corpus (feed-parser test suites) goes through the whole
 * poller, served over HTTP: each must end up ingested or rejected with a reason, and the poller
 * must go on working afterwards. The counts are printed for the record. The folder can be moved
 * with {@code -Dnewswatch.feeds.corpus=...}; by default it is {@code ../shared/feeds} from the project directory.
 */
class RealWorldFeedCorpusTest {
    private static final Path CORPUS = FeedCorpusAgreementTest.corpus();

    @TempDir
    Path dataDir;

    @Test
    void everyCorpusFileIsIngestedOrRejectedWithAReason() throws Exception {
        assumeTrue(Files.isDirectory(CORPUS), "no feed corpus at " + CORPUS + " (set -Dnewswatch.feeds.corpus to run this)");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "the feed corpus at " + CORPUS + " is empty");

        CollectingSink sink = new CollectingSink();
        FeedPollerSettings settings = FeedPollerSettings.defaults().withJitter(Duration.ZERO).withConcurrency(16, 16)
                .withReadTimeout(Duration.ofSeconds(5)).withUserAgent("newswatch/test");
        try (LocalFeedServer server = new LocalFeedServer();
             FeedPoller poller = new FeedPoller(settings, sink, new FeedStateStore(dataDir), new SimpleMeterRegistry(),
                     new MutableClock(Instant.parse("2024-10-08T12:00:00Z")))) {
            List<FeedSpec> specs = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                byte[] body = Files.readAllBytes(files.get(i));
                server.route("/corpus/" + i, ex -> LocalFeedServer.send(ex, 200, "application/xml", body));
                specs.add(new FeedSpec(server.url("/corpus/" + i), files.get(i).toString(), null, null));
            }
            server.feed("/control.xml", SampleFeeds.rssWithItems("Control", "control", 2));
            poller.setFeeds(specs);

            FeedPoller.PollSummary summary = poller.pollDue();

            int ingested = 0;
            int rejected = 0;
            Map<String, Integer> reasons = new TreeMap<>();
            for (FeedStatus status : poller.status()) {
                if (status.lastSuccess() != null) {
                    ingested++;
                } else {
                    rejected++;
                    assertTrue(status.lastErrorReason() != null && !status.lastErrorReason().isBlank(), "no reason for " + status.name());
                    reasons.merge(status.lastErrorKind() + ": " + shortReason(status.lastErrorReason()), 1, Integer::sum);
                }
            }
            System.out.printf("feed corpus %s: %d files, %d ingested (%d documents), %d rejected with a reason%n",
                    CORPUS, files.size(), ingested, sink.documents.size(), rejected);
            reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                    .forEach(e -> System.out.printf("  %5d  %s%n", e.getValue(), e.getKey()));
            assertEquals(files.size(), summary.polled());
            assertEquals(files.size(), ingested + rejected);

            poller.setFeeds(List.of(FeedSpec.of(server.url("/control.xml"))));
            assertEquals(1, poller.pollDue().fetched(), "the poller still works after the corpus");
        }
    }

    /** The reason without file-specific details (line numbers, urls), to group similar rejections. */
    private static String shortReason(String reason) {
        String s = reason.replaceAll("\\(from http\\S+\\)", "").replaceAll("at line \\d+", "at line N")
                .replaceAll("http://127\\.0\\.0\\.1:\\d+/corpus/\\d+", "<url>");
        return s.length() > 110 ? s.substring(0, 110) + "..." : s.strip();
    }
}
