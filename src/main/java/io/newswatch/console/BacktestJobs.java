package io.newswatch.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The workbench's backtests, run as jobs so that the page answers at once: at most
 * {@link Settings#workers} run at a time on their own threads, at most {@link Settings#queue} more
 * wait, and a submission beyond that is refused (the page says so). A job has an unguessable id;
 * once finished its result is kept for {@link Settings#keep} (and at most {@link Settings#kept}
 * finished jobs are kept, the oldest dropped first), then it is forgotten and its page says it
 * expired. Each backtest keeps the archive's own time limit and result cap. Thread-safe.
 */
public final class BacktestJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BacktestJobs.class);

    /**
     * @param workers backtests running at once
     * @param queue   backtests waiting beyond those running
     * @param keep    how long a finished backtest's result stays available
     * @param kept    most finished backtests kept (the oldest go first)
     */
    public record Settings(int workers, int queue, Duration keep, int kept) {
        public static final Settings DEFAULTS = new Settings(1, 4, Duration.ofMinutes(15), 50);

        public Settings {
            if (workers < 1 || workers > 16) {
                throw new IllegalArgumentException("NEWSWATCH_CONSOLE_BACKTEST_WORKERS must be between 1 and 16, got " + workers);
            }
            if (queue < 0 || queue > 1000) {
                throw new IllegalArgumentException("NEWSWATCH_CONSOLE_BACKTEST_QUEUE must be between 0 and 1000, got " + queue);
            }
            if (keep == null || keep.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("NEWSWATCH_CONSOLE_BACKTEST_KEEP must be at least 1s, got " + keep);
            }
            if (kept < 1) {
                throw new IllegalArgumentException("the number of finished backtests kept must be at least 1, got " + kept);
            }
        }
    }

    public enum State { QUEUED, RUNNING, DONE }

    /** What the workbench form held when the backtest was asked for: the page shows it again. */
    public record Draft(String yaml, String since, String until) {}

    /**
     * A job as it stands. {@code ahead} is how many queued jobs were submitted before it (0 unless
     * queued); {@code result} is set once {@code DONE}.
     */
    public record Job(String id, Draft draft, State state, Instant submitted, Instant started, Instant finished, int ahead,
                      WorkbenchConsole.BacktestView result) {
        public boolean done() {
            return state == State.DONE;
        }

        public boolean queued() {
            return state == State.QUEUED;
        }

        /** Seconds since it was submitted, or that it ran for once done. */
        public long seconds(Instant now) {
            Instant end = finished != null ? finished : now;
            return Math.max(0, Duration.between(submitted, end).toSeconds());
        }
    }

    /** The queue was full: {@code busy} jobs were running or waiting. */
    public static final class QueueFullException extends Exception {
        private final int busy;

        QueueFullException(int busy) {
            super(busy + " backtest(s) are already running or waiting, the most this console accepts; wait for one to finish and try again");
            this.busy = busy;
        }

        public int busy() {
            return busy;
        }
    }

    private final class Entry {
        final String id;
        final long sequence;
        final Draft draft;
        final Instant submitted;
        volatile State state = State.QUEUED;
        volatile Instant started;
        volatile Instant finished;
        volatile WorkbenchConsole.BacktestView result;

        Entry(String id, long sequence, Draft draft, Instant submitted) {
            this.id = id;
            this.sequence = sequence;
            this.draft = draft;
            this.submitted = submitted;
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    public BacktestJobs(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                settings.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue()),
                task -> {
                    Thread t = new Thread(task, "newswatch-backtest-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Queues {@code work} (a backtest of {@code draft}) and returns its job at once.
     *
     * @throws QueueFullException when {@link Settings#workers} run and {@link Settings#queue} wait already
     */
    public Job submit(Draft draft, Callable<WorkbenchConsole.BacktestView> work) throws QueueFullException {
        expire();
        Entry entry = new Entry(newId(), sequence.incrementAndGet(), draft, clock.instant());
        jobs.put(entry.id, entry);
        try {
            executor.execute(() -> run(entry, work));
        } catch (RejectedExecutionException e) {
            jobs.remove(entry.id);
            throw new QueueFullException(busy());
        }
        return view(entry);
    }

    /** The job with this id; empty when there never was one or it expired. */
    public Optional<Job> job(String id) {
        expire();
        Entry entry = id == null ? null : jobs.get(id);
        return entry == null ? Optional.empty() : Optional.of(view(entry));
    }

    /** Jobs running or waiting. */
    public int busy() {
        return (int) jobs.values().stream().filter(e -> e.state != State.DONE).count();
    }

    private void run(Entry entry, Callable<WorkbenchConsole.BacktestView> work) {
        entry.started = clock.instant();
        entry.state = State.RUNNING;
        WorkbenchConsole.BacktestView result;
        try {
            result = work.call();
        } catch (Exception | LinkageError e) {
            LOG.warnf("Workbench backtest %s failed: %s", entry.id, e.toString());
            result = WorkbenchConsole.BacktestView.failed("The backtest failed: " + e.getMessage() + " (see the daemon's log).");
        }
        entry.result = result;
        entry.finished = clock.instant();
        entry.state = State.DONE;
    }

    private Job view(Entry entry) {
        State state = entry.state;
        int ahead = 0;
        if (state == State.QUEUED) {
            ahead = (int) jobs.values().stream().filter(e -> e.state == State.QUEUED && e.sequence < entry.sequence).count();
        }
        return new Job(entry.id, entry.draft, state, entry.submitted, entry.started, state == State.DONE ? entry.finished : null, ahead,
                state == State.DONE ? entry.result : null);
    }

    /** Forgets finished jobs older than {@link Settings#keep}, and the oldest beyond {@link Settings#kept}. */
    private void expire() {
        Instant cutoff = clock.instant().minus(settings.keep());
        List<Entry> finished = new ArrayList<>();
        for (Entry e : jobs.values()) {
            if (e.state != State.DONE) {
                continue;
            }
            if (e.finished.isBefore(cutoff)) {
                jobs.remove(e.id);
            } else {
                finished.add(e);
            }
        }
        if (finished.size() > settings.kept()) {
            finished.sort(Comparator.comparing((Entry e) -> e.finished).thenComparingLong(e -> e.sequence));
            finished.subList(0, finished.size() - settings.kept()).forEach(e -> jobs.remove(e.id));
        }
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code id} can be a job id (22 URL-safe base64 characters); anything else is not looked up. */
    public static boolean wellFormed(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{22}");
    }

    /** Stops the workers; running backtests are interrupted and end at the archive's time limit at the latest. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
