package io.newswatch.ingest.feeds;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.newswatch.ingest.DocumentSink;

/**
 * Polls the listed feeds and publishes their new items. Each feed has its own schedule
 * (interval plus random jitter; exponential back-off after errors; Retry-After when the server
 * asks), and a feed's failure, however it fails, only ever changes that feed's schedule and
 * state. Fetches run on virtual threads, bounded overall by {@code maxConcurrency} and per host
 * by the fetcher. A request takes its host's permit before a global slot, and parsing takes a
 * global slot only after the fetch, so feeds waiting for a busy or hung host never hold slots
 * that feeds on other hosts need: a host can only delay its own feeds.
 *
 * <p>Delivery is at-least-once: an item is marked seen only after {@link DocumentSink#publish}
 * returned, and the feed's validators (ETag, Last-Modified) are only updated when every new item
 * was published; otherwise the next poll would get a 304 and the unpublished items would be lost.
 */
public final class FeedPoller implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FeedPoller.class);
    private static final Duration TICK = Duration.ofMillis(250);
    /** Retry-After values below this are raised to it, so a server saying "0" is not hammered. */
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(10);

    /** What one poll of one feed came to. */
    public enum Outcome { FETCHED, NOT_MODIFIED, FAILED, DISABLED }

    /** Totals of one {@link #pollDue()} round. */
    public record PollSummary(int polled, int fetched, int notModified, int failed, int disabled, int published) {}

    private record PollResult(Outcome outcome, int published) {}

    private final FeedPollerSettings settings;
    private final DocumentSink sink;
    private final FeedStateStore store;
    private final FeedMetrics metrics;
    private final Clock clock;
    private final FeedFetcher fetcher;
    private final FeedParser parser = new FeedParser();
    private final FeedDocuments documents;
    private final SeenItems seen;
    private final Semaphore permits;
    private final ExecutorService workers;
    private final Map<String, TrackedFeed> feeds = new ConcurrentHashMap<>();
    private volatile List<String> order = List.of();
    private boolean listApplied;
    private volatile boolean running;
    private Thread scheduler;

    public FeedPoller(FeedPollerSettings settings, DocumentSink sink, FeedStateStore store, MeterRegistry registry, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.sink = Objects.requireNonNull(sink);
        this.store = Objects.requireNonNull(store);
        this.metrics = new FeedMetrics(Objects.requireNonNull(registry));
        this.clock = Objects.requireNonNull(clock);
        this.permits = new Semaphore(settings.maxConcurrency(), true);
        this.fetcher = new FeedFetcher(settings, permits);
        this.documents = new FeedDocuments(settings.defaultLanguage());
        this.seen = new SeenItems(settings.seenIdsPerFeed());
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("newswatch-feed-", 0).factory());
    }

    /**
     * Applies a (new) feed list: added feeds resume their stored state or start fresh, removed
     * feeds stop being polled (their state file stays, so re-adding one keeps its seen items),
     * changed entries keep their state. A feed disabled by 410 that is added again at runtime is
     * retried: re-adding it is how the operator says "try again".
     */
    public synchronized void setFeeds(List<FeedSpec> specs) {
        Instant now = clock.instant();
        Set<String> listed = new HashSet<>();
        List<String> newOrder = new ArrayList<>(specs.size());
        int added = 0;
        int changed = 0;
        for (FeedSpec spec : specs) {
            if (!listed.add(spec.url())) {
                continue;
            }
            newOrder.add(spec.url());
            TrackedFeed existing = feeds.get(spec.url());
            if (existing == null) {
                feeds.put(spec.url(), track(spec, now));
                added++;
            } else if (!existing.spec().equals(spec)) {
                FeedSpec before = existing.spec();
                existing.respecify(spec);
                if (!before.label().equals(spec.label())) {
                    metrics.remove(before.label());
                }
                existing.scheduleNoLaterThan(now.plus(intervalOf(spec)));
                changed++;
            }
        }
        int removed = 0;
        for (TrackedFeed feed : List.copyOf(feeds.values())) {
            FeedSpec spec = feed.spec();
            if (!listed.contains(spec.url())) {
                feed.markRemoved();
                feeds.remove(spec.url());
                seen.forget(spec.url());
                metrics.remove(spec.label());
                removed++;
            }
        }
        order = List.copyOf(newOrder);
        listApplied = true;
        if (added + changed + removed > 0) {
            LOG.infof("feed list applied: %d feeds (%d added, %d changed, %d removed)", newOrder.size(), added, changed, removed);
        }
    }

    private TrackedFeed track(FeedSpec spec, Instant now) {
        TrackedFeed feed = new TrackedFeed(spec, now.plus(randomUpTo(min(settings.jitter(), intervalOf(spec)))));
        Optional<FeedState> state = store.load(spec.url());
        if (state.isPresent()) {
            feed.restore(state.get());
            try {
                seen.load(spec.url(), state.get().seen());
            } catch (IllegalArgumentException e) {
                LOG.warnf("feed %s: its state file in %s holds an invalid item id (%s); its items may be published once more",
                        spec.label(), store.directory(), e.getMessage());
            }
            if (feed.disabled() && listApplied) {
                feed.enable(now);
                LOG.infof("feed %s: listed again after it was gone (410); trying it once more", spec.label());
            }
        }
        return feed;
    }

    /** Starts the background scheduler (idempotent). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        scheduler = Thread.ofPlatform().daemon().name("newswatch-feed-scheduler").start(() -> {
            while (running) {
                try {
                    dispatchDue();
                    Thread.sleep(TICK);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.errorf("feed scheduler: unexpected failure, continuing: %s", e);
                }
            }
        });
    }

    /**
     * Polls every feed that is due now and waits for all of them; for tests, benchmarks and
     * one-shot use. Feeds already being polled by the scheduler are left to it.
     */
    public PollSummary pollDue() throws InterruptedException {
        List<Future<PollResult>> started = dispatchDue();
        int fetched = 0, notModified = 0, failed = 0, disabled = 0, published = 0;
        for (Future<PollResult> future : started) {
            PollResult result;
            try {
                result = future.get();
            } catch (ExecutionException e) {
                result = new PollResult(Outcome.FAILED, 0);
            }
            if (result == null) {
                continue;
            }
            switch (result.outcome()) {
                case FETCHED -> fetched++;
                case NOT_MODIFIED -> notModified++;
                case FAILED -> failed++;
                case DISABLED -> disabled++;
            }
            published += result.published();
        }
        return new PollSummary(started.size(), fetched, notModified, failed, disabled, published);
    }

    private List<Future<PollResult>> dispatchDue() {
        Instant now = clock.instant();
        List<Future<PollResult>> started = new ArrayList<>();
        for (String url : order) {
            TrackedFeed feed = feeds.get(url);
            if (feed == null || !feed.isDue(now) || !feed.inFlight.compareAndSet(false, true)) {
                continue;
            }
            try {
                started.add(workers.submit(() -> run(feed)));
            } catch (RejectedExecutionException e) {
                feed.inFlight.set(false);
                break; // shutting down
            }
        }
        return started;
    }

    private PollResult run(TrackedFeed feed) {
        try {
            return poll(feed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null; // shutdown: the feed keeps its schedule and is polled after the restart
        } catch (RuntimeException | StackOverflowError e) {
            FeedSpec spec = feed.spec();
            recordFailure(feed, spec, clock.instant(), FetchErrorKind.IO,
                    "unexpected failure while polling: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                    null, 0);
            save(feed, false);
            return new PollResult(Outcome.FAILED, 0);
        } finally {
            feed.inFlight.set(false);
        }
    }

    private PollResult poll(TrackedFeed feed) throws InterruptedException {
        FeedSpec spec = feed.spec();
        long startNanos = System.nanoTime();
        FetchOutcome outcome = fetcher.fetch(feed.currentUrl(), feed.etag(), feed.lastModified(), clock.instant());
        metrics.fetched(spec.label(), Duration.ofNanos(System.nanoTime() - startNanos));
        Instant now = clock.instant();
        PollResult result = switch (outcome) {
            case FetchOutcome.Fetched fetched -> publish(feed, spec, fetched, now);
            case FetchOutcome.NotModified notModified -> {
                metrics.notModified(spec.label());
                recordSuccess(feed, spec, now, notModified.movedTo(), notModified.etag(), notModified.lastModified(), false, null, 0);
                yield new PollResult(Outcome.NOT_MODIFIED, 0);
            }
            case FetchOutcome.Gone gone -> {
                String reason = "HTTP 410 Gone from " + gone.url();
                feed.disable(now, reason);
                metrics.error(spec.label(), FetchErrorKind.GONE);
                LOG.warnf("feed %s: %s; feed disabled, no longer polled (remove it from the feeds file, or remove and re-add it to retry)",
                        spec.label(), reason);
                yield new PollResult(Outcome.DISABLED, 0);
            }
            case FetchOutcome.RetryLater later -> {
                String reason = "HTTP " + later.status() + (later.status() == 429 ? " Too Many Requests" : " Service Unavailable")
                        + " from " + feed.currentUrl()
                        + (later.retryAfter() == null ? " (no usable Retry-After)" : " (Retry-After " + human(later.retryAfter()) + ")");
                recordFailure(feed, spec, now, later.kind(), reason, later.retryAfter(), 0);
                yield new PollResult(Outcome.FAILED, 0);
            }
            case FetchOutcome.Failed failed -> {
                recordFailure(feed, spec, now, failed.kind(), failed.reason(), null, 0);
                yield new PollResult(Outcome.FAILED, 0);
            }
        };
        if (feed.removed()) {
            seen.forget(spec.url()); // removed while in flight: do not keep its keys in the shared index
        } else {
            save(feed, result.published() > 0);
        }
        return result;
    }

    /**
     * Parses the body and publishes its new items. A web page where a feed was expected is
     * resolved to the first feed it announces (autodiscovery): that feed is fetched in the same
     * poll and fetched directly from then on. Parsing and publishing hold a global slot; the
     * discovery fetch does not (it waits for its host like any request).
     */
    private PollResult publish(TrackedFeed feed, FeedSpec spec, FetchOutcome.Fetched fetched, Instant now)
            throws InterruptedException {
        ParsedFeed parsed;
        FetchOutcome.Fetched source = fetched;
        URI discovered = null;
        try {
            parsed = parse(fetched);
        } catch (HtmlPageException page) {
            if (page.alternates().isEmpty()) {
                recordFailure(feed, spec, now, FetchErrorKind.PARSE, page.getMessage() + " (from " + fetched.finalUrl() + ")", null, 0);
                return new PollResult(Outcome.FAILED, 0);
            }
            discovered = page.alternates().getFirst();
            FetchOutcome second = fetcher.fetch(discovered, null, null, clock.instant());
            if (!(second instanceof FetchOutcome.Fetched feedFetched)) {
                String why = switch (second) {
                    case FetchOutcome.Failed failed -> failed.reason();
                    case FetchOutcome.Gone gone -> "HTTP 410 Gone from " + gone.url();
                    case FetchOutcome.RetryLater later -> "HTTP " + later.status() + " from " + discovered;
                    default -> "no feed from " + discovered;
                };
                FetchErrorKind kind = switch (second) {
                    case FetchOutcome.Failed failed -> failed.kind();
                    case FetchOutcome.RetryLater later -> later.kind();
                    default -> FetchErrorKind.HTTP_STATUS;
                };
                recordFailure(feed, spec, now, kind, fetched.finalUrl() + " is a web page announcing the feed " + discovered
                        + ", which failed: " + why, second instanceof FetchOutcome.RetryLater later ? later.retryAfter() : null, 0);
                return new PollResult(Outcome.FAILED, 0);
            }
            try {
                parsed = parse(feedFetched);
            } catch (FeedParseException e) {
                recordFailure(feed, spec, now, FetchErrorKind.PARSE, fetched.finalUrl() + " is a web page announcing the feed "
                        + discovered + ", which is unreadable: " + e.getMessage(), null, 0);
                return new PollResult(Outcome.FAILED, 0);
            }
            source = feedFetched;
        } catch (FeedParseException e) {
            recordFailure(feed, spec, now, FetchErrorKind.PARSE, e.getMessage() + " (from " + fetched.finalUrl() + ")", null, 0);
            return new PollResult(Outcome.FAILED, 0);
        }
        if (discovered != null) {
            URI feedUrl = source.movedTo() != null ? source.movedTo() : discovered;
            if (feed.discovered(feedUrl)) {
                LOG.infof("feed %s: %s is a web page; polling the feed it announces, %s (list that url to skip the discovery)",
                        spec.label(), fetched.finalUrl(), feedUrl);
            }
            source = new FetchOutcome.Fetched(source.finalUrl(), null, source.body(), source.contentType(), source.etag(),
                    source.lastModified());
        }
        permits.acquire();
        try {
            return publishItems(feed, spec, source, parsed, now);
        } finally {
            permits.release();
        }
    }

    private ParsedFeed parse(FetchOutcome.Fetched fetched) throws FeedParseException, InterruptedException {
        permits.acquire();
        try {
            return parser.parse(fetched.body(), fetched.contentType(), fetched.finalUrl());
        } finally {
            permits.release();
        }
    }

    private PollResult publishItems(TrackedFeed feed, FeedSpec spec, FetchOutcome.Fetched fetched, ParsedFeed parsed, Instant now)
            throws InterruptedException {
        if (!parsed.notes().isEmpty()) {
            LOG.debugf("feed %s: %s", spec.label(), String.join("; ", parsed.notes()));
        }
        int published = 0;
        List<String> listedKeys = new ArrayList<>();
        List<FeedDocuments.FeedDocument> items = documents.toDocuments(parsed, spec, fetched.finalUrl(), now);
        int skipped = parsed.items().size() - items.size();
        List<String> skips = new ArrayList<>();
        if (skipped > 0) {
            skips.add("skipped " + skipped + " of " + parsed.items().size() + " items with no link, no guid and no text (nothing to publish)");
        }
        parsed.notes().stream().filter(n -> n.startsWith("skipped ")).forEach(skips::add);
        if (feed.skippedChanged(String.join("; ", skips)) && !skips.isEmpty()) {
            LOG.infof("feed %s: %s", spec.label(), String.join("; ", skips)); // once, not on every poll
        }
        for (FeedDocuments.FeedDocument item : items) {
            switch (seen.claim(item.keys())) {
                case SEEN -> listedKeys.addAll(item.keys());
                case BUSY -> { }
                case CLAIMED -> {
                    try {
                        sink.publish(item.document());
                    } catch (InterruptedException e) {
                        seen.release(item.keys());
                        metrics.items(spec.label(), published);
                        throw e;
                    } catch (Exception e) {
                        seen.release(item.keys());
                        metrics.items(spec.label(), published);
                        recordFailure(feed, spec, now, FetchErrorKind.PUBLISH, "could not publish item "
                                + item.document().location() + " (" + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); its remaining items are retried",
                                null, published);
                        return new PollResult(Outcome.FAILED, published);
                    }
                    seen.commit(spec.url(), item.keys());
                    listedKeys.addAll(item.keys());
                    published++;
                }
            }
        }
        seen.stillListed(spec.url(), listedKeys);
        metrics.items(spec.label(), published);
        recordSuccess(feed, spec, now, fetched.movedTo(), fetched.etag(), fetched.lastModified(), true, parsed.title(), published);
        if (published > 0) {
            LOG.debugf("feed %s: %d new items", spec.label(), published);
        }
        return new PollResult(Outcome.FETCHED, published);
    }

    private void recordSuccess(TrackedFeed feed, FeedSpec spec, Instant now, URI movedTo, String etag, String lastModified,
                               boolean replaceValidators, String title, int published) {
        URI before = feed.currentUrl();
        int previousErrors = feed.succeeded(now, movedTo, etag, lastModified, replaceValidators, title, published,
                now.plus(intervalOf(spec)).plus(randomUpTo(settings.jitter())));
        if (movedTo != null && !movedTo.equals(before)) {
            LOG.infof("feed %s moved permanently from %s to %s; fetching it from there (update its url in the feeds file)",
                    spec.label(), before, movedTo);
        }
        if (previousErrors > 0) {
            LOG.infof("feed %s: recovered after %d failed polls", spec.label(), previousErrors);
        }
    }

    private void recordFailure(TrackedFeed feed, FeedSpec spec, Instant now, FetchErrorKind kind, String reason,
                               Duration retryAfter, int published) {
        int errors = feed.failed(now, kind, reason, published);
        Duration delay = retryAfter != null ? clamp(retryAfter, MIN_RETRY_AFTER, settings.maxBackoff()) : backoff(spec, errors);
        feed.reschedule(now.plus(delay));
        metrics.error(spec.label(), kind);
        LOG.warnf("feed %s: %s; next try in %s", spec.label(), reason, human(delay));
    }

    /** Interval doubled per consecutive error, capped, but never sooner than the normal interval. */
    private Duration backoff(FeedSpec spec, int errors) {
        Duration interval = intervalOf(spec);
        Duration delay = interval;
        for (int i = 0; i < errors && delay.compareTo(settings.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return max(interval, min(delay, settings.maxBackoff()));
    }

    private void save(TrackedFeed feed, boolean published) {
        FeedState state = feed.toState(seen.keysOf(feed.spec().url()));
        try {
            store.save(state, published);
        } catch (IOException e) {
            LOG.warnf("feed %s: cannot save its state in %s (%s); its items may be published again after a restart",
                    feed.spec().label(), store.directory(), e);
        }
    }

    /** The state of every listed feed, in list order. */
    public List<FeedStatus> status() {
        List<FeedStatus> result = new ArrayList<>();
        for (String url : order) {
            TrackedFeed feed = feeds.get(url);
            if (feed != null) {
                result.add(statusOf(feed));
            }
        }
        return result;
    }

    public Optional<FeedStatus> status(String url) {
        TrackedFeed feed = feeds.get(url);
        return feed == null ? Optional.empty() : Optional.of(statusOf(feed));
    }

    private FeedStatus statusOf(TrackedFeed feed) {
        FeedSpec spec = feed.spec();
        return feed.status(intervalOf(spec), spec.language(), seen.size(spec.url()));
    }

    private Duration intervalOf(FeedSpec spec) {
        return spec.interval() != null ? spec.interval() : settings.defaultInterval();
    }

    /**
     * Stops scheduling, gives fetches in flight {@code shutdownTimeout} to finish, then interrupts
     * them (their feeds keep their old schedule and state).
     */
    @Override
    public void close() {
        Thread schedulerThread;
        synchronized (this) {
            running = false;
            schedulerThread = scheduler;
            scheduler = null;
        }
        if (schedulerThread != null) {
            schedulerThread.interrupt();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.infof("feed poller: fetches still running after %s; aborting them", human(settings.shutdownTimeout()));
                workers.shutdownNow();
                workers.awaitTermination(2, TimeUnit.SECONDS);
            }
            if (schedulerThread != null) {
                schedulerThread.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            fetcher.close();
        }
    }

    private static Duration randomUpTo(Duration bound) {
        long millis = bound.toMillis();
        return millis <= 0 ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(millis + 1));
    }

    private static Duration clamp(Duration value, Duration low, Duration high) {
        return max(low, min(value, high));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return String.format("%.1f h", s / 3600.0);
    }
}
