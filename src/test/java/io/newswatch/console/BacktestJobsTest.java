package io.newswatch.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BacktestJobsTest {
    static final BacktestJobs.Draft DRAFT = new BacktestJobs.Draft("id: x", "30d", "");
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T03:00:00Z"));

    static WorkbenchConsole.BacktestView result(String rule) {
        return new WorkbenchConsole.BacktestView(rule, false, "", "", 3, Views.dayChart("Matches", new java.util.TreeMap<>()), List.of(), 0, 3, 0, List.of(), List.of(), false, false, 5, null);
    }

    @Test
    void aJobIsQueuedRunsAndKeepsItsResult() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BacktestJobs jobs = new BacktestJobs(new BacktestJobs.Settings(1, 2, Duration.ofMinutes(15), 50), clock)) {
            BacktestJobs.Job first = jobs.submit(DRAFT, () -> {
                release.await();
                return result("first");
            });
            BacktestJobs.Job second = jobs.submit(DRAFT, () -> result("second"));
            assertTrue(BacktestJobs.wellFormed(first.id()), first.id());
            assertNotEquals(first.id(), second.id());
            await().until(() -> jobs.job(first.id()).orElseThrow().state() == BacktestJobs.State.RUNNING);
            BacktestJobs.Job waiting = jobs.job(second.id()).orElseThrow();
            assertEquals(BacktestJobs.State.QUEUED, waiting.state());
            assertEquals(0, waiting.ahead(), "only a running job is before it");
            assertEquals(2, jobs.busy());
            release.countDown();
            await().until(() -> jobs.job(second.id()).orElseThrow().done());
            assertEquals("first", jobs.job(first.id()).orElseThrow().result().ruleId());
            assertEquals("second", jobs.job(second.id()).orElseThrow().result().ruleId());
            assertEquals(0, jobs.busy());
        }
    }

    @Test
    void aFullQueueRefusesTheNextBacktestAndSaysHowManyAreBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BacktestJobs jobs = new BacktestJobs(new BacktestJobs.Settings(1, 1, Duration.ofMinutes(15), 50), clock)) {
            jobs.submit(DRAFT, () -> {
                release.await();
                return result("a");
            });
            BacktestJobs.Job queued = jobs.submit(DRAFT, () -> result("b"));
            BacktestJobs.QueueFullException full = assertThrows(BacktestJobs.QueueFullException.class, () -> jobs.submit(DRAFT, () -> result("c")));
            assertEquals(2, full.busy());
            assertTrue(full.getMessage().startsWith("2 backtest(s) are already running or waiting"), full.getMessage());
            release.countDown();
            await().until(() -> jobs.job(queued.id()).orElseThrow().done());
            BacktestJobs.Job later = jobs.submit(DRAFT, () -> result("d"));
            await().until(() -> jobs.job(later.id()).orElseThrow().done());
        }
    }

    @Test
    void aFinishedJobExpiresAfterItsKeepTimeAndRunningOnesDoNot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (BacktestJobs jobs = new BacktestJobs(new BacktestJobs.Settings(2, 0, Duration.ofMinutes(15), 50), clock)) {
            BacktestJobs.Job done = jobs.submit(DRAFT, () -> result("done"));
            await().until(() -> jobs.job(done.id()).orElseThrow().done());
            BacktestJobs.Job running = jobs.submit(DRAFT, () -> {
                release.await();
                return result("running");
            });
            clock.advance(Duration.ofMinutes(15));
            assertTrue(jobs.job(done.id()).isPresent(), "kept for exactly its keep time");
            clock.advance(Duration.ofSeconds(1));
            assertTrue(jobs.job(done.id()).isEmpty(), "expired");
            assertTrue(jobs.job(running.id()).isPresent(), "a job still running never expires");
            release.countDown();
        }
    }

    @Test
    void onlyTheNewestFinishedJobsAreKeptBeyondTheLimit() throws Exception {
        try (BacktestJobs jobs = new BacktestJobs(new BacktestJobs.Settings(1, 10, Duration.ofMinutes(15), 2), clock)) {
            String[] ids = new String[3];
            for (int i = 0; i < 3; i++) {
                String id = jobs.submit(DRAFT, () -> result("r")).id();
                await().until(() -> jobs.job(id).orElseThrow().done());
                ids[i] = id;
                clock.advance(Duration.ofSeconds(1));
            }
            jobs.submit(DRAFT, () -> result("r")); // any call expires
            assertTrue(jobs.job(ids[0]).isEmpty(), "the oldest finished job went first");
            assertTrue(jobs.job(ids[2]).isPresent());
        }
    }

    @Test
    void aBacktestThatThrowsEndsWithItsReasonOnThePage() throws Exception {
        try (BacktestJobs jobs = new BacktestJobs(BacktestJobs.Settings.DEFAULTS, clock)) {
            BacktestJobs.Job job = jobs.submit(DRAFT, () -> {
                throw new java.io.IOException("archive folder is gone");
            });
            await().until(() -> jobs.job(job.id()).orElseThrow().done());
            assertEquals("The backtest failed: archive folder is gone (see the daemon's log).", jobs.job(job.id()).orElseThrow().result().error());
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BacktestJobs.Settings(0, 4, Duration.ofMinutes(1), 5))
                .getMessage().startsWith("NEWSWATCH_CONSOLE_BACKTEST_WORKERS must be between 1 and 16, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BacktestJobs.Settings(1, -1, Duration.ofMinutes(1), 5))
                .getMessage().startsWith("NEWSWATCH_CONSOLE_BACKTEST_QUEUE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BacktestJobs.Settings(1, 4, Duration.ZERO, 5))
                .getMessage().startsWith("NEWSWATCH_CONSOLE_BACKTEST_KEEP"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SearchBudget(Duration.ZERO))
                .getMessage().startsWith("NEWSWATCH_CONSOLE_SEARCH_COUNT_BUDGET"));
    }

    @Test
    void onlyIdsOfTheRightShapeAreLookedUp() {
        assertTrue(BacktestJobs.wellFormed("AAAAAAAAAAAAAAAAAAAAAA"));
        assertTrue(!BacktestJobs.wellFormed("../../etc/passwd") && !BacktestJobs.wellFormed(null) && !BacktestJobs.wellFormed("short"));
    }
}
