package io.newswatch.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 12, F1: a timer task (rules reload, seeds ingest) that throws anything keeps running. */
class LifecycleGuardTest {

    @Test
    void aTimerTaskThatThrowsErrorsKeepsBeingRun() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch healthyRuns = new CountDownLatch(3);
        Runnable task = () -> {
            switch (runs.incrementAndGet()) {
                case 1 -> throw new StackOverflowError();
                case 2 -> throw new OutOfMemoryError("Java heap space");
                case 3 -> throw new IllegalStateException("bug");
                case 4 -> throw new AssertionError("any other Error");
                default -> healthyRuns.countDown();
            }
        };
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleWithFixedDelay(Lifecycle.guard("rules reload", task), 0, 10, TimeUnit.MILLISECONDS);
            assertTrue(healthyRuns.await(10, TimeUnit.SECONDS), "the task stopped after " + runs.get() + " run(s)");
        } finally {
            timer.shutdownNow();
        }
    }
}
