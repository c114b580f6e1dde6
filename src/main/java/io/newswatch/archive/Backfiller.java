package io.newswatch.archive;

import io.newswatch.alerts.BackfillRequest;
import io.newswatch.document.Document;
import io.newswatch.rules.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldDocs;
import org.jboss.logging.Logger;

/**
 * Backfill: when a rule with a {@code backfill:} window is added or changed, the archived documents
 * read within that window that its query matches, and that it has not alerted on, are sent to
 * {@code newswatch.backfill}; the stream runs the rule in force over each and alerts, dropping an
 * alert id it already sent (the stream's {@code AlertOnce}), so a backfill requested twice, or a
 * document that alerted live meanwhile, never alerts twice.
 *
 * <p>What was backfilled is remembered per rule as a fingerprint (compiled query and window) in
 * {@code stateFile}, written after the requests are on Kafka: a rule re-saved unchanged, or a
 * restart, does not backfill again; a rule added or changed while the daemon was down is backfilled
 * at start. Before it searches, a backfill waits until the archive has read {@code
 * newswatch.documents} up to its end as of the change (at most {@code catchUp}), so the
 * documents read just before the change are in the archive. One backfill at a time, on its own
 * thread; never on the alert path.
 */
public final class Backfiller implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Backfiller.class);

    /** Where requests go: a port, so the archive does not own a producer's wiring. */
    @FunctionalInterface
    public interface RequestSink {
        /** Sends the requests and returns once Kafka has them all; throws when it could not. */
        void send(List<BackfillRequest> requests) throws Exception;
    }

    /** Where the archive's reading stands: true once it has read the documents topic to its end as of now (or cannot tell). */
    @FunctionalInterface
    public interface CatchUp {
        boolean caughtUp(Instant deadline) throws InterruptedException;
    }

    public record Settings(int maxDocuments, Duration catchUp) {}

    private final ArchiveIndex index;
    private final ArchiveSearcher searcher;
    private final RequestSink sink;
    private final CatchUp catchUp;
    private final Path stateFile;
    private final Settings settings;
    private final Clock clock;
    private final Map<Rule, Boolean> seen = new IdentityHashMap<>();
    private final Properties done = new Properties();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("newswatch-backfill").factory());

    public Backfiller(ArchiveIndex index, ArchiveSearcher searcher, RequestSink sink, CatchUp catchUp, Path stateFile,
                      Settings settings, Clock clock) {
        this.index = index;
        this.searcher = searcher;
        this.sink = sink;
        this.catchUp = catchUp;
        this.stateFile = stateFile;
        this.settings = settings;
        this.clock = clock;
        if (Files.isRegularFile(stateFile)) {
            try (var in = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
                done.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warnf("backfill state %s unreadable (%s): rules with backfill: are backfilled again (no alert is sent twice)",
                        stateFile, e.getMessage());
                done.clear();
            }
        }
    }

    /**
     * The rules in force, after a (re)load: each rule with a {@code backfill:} window that is new or
     * changed since it was last backfilled is queued. Cheap when nothing changed; never blocks.
     */
    public synchronized void rulesInForce(List<Rule> rules) {
        Map<Rule, Boolean> current = new IdentityHashMap<>();
        for (Rule rule : rules) {
            current.put(rule, Boolean.TRUE);
            if (rule.backfillWindow().isEmpty() || seen.containsKey(rule)) {
                continue;
            }
            worker.execute(() -> backfillIfChanged(rule));
        }
        seen.clear();
        seen.putAll(current);
    }

    /** Runs on the backfill thread. */
    private void backfillIfChanged(Rule rule) {
        try {
            String fingerprint = fingerprint(rule);
            if (fingerprint.equals(done.getProperty(rule.id()))) {
                return;
            }
            int sent = backfill(rule, Instant.now(clock).plus(settings.catchUp()));
            done.setProperty(rule.id(), fingerprint);
            saveState();
            LOG.infof("backfill of rule %s (%s): %d archived document(s) sent for matching", rule.id(), rule.backfillWindow().get(), sent);
        } catch (ArchiveRequestException e) {
            LOG.errorf("backfill of rule %s not done: its query does not run on the archive (%s)", rule.id(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf("backfill of rule %s not done: %s: %s; it is tried again when the rule is next changed or at the next start",
                    rule.id(), e.getClass().getSimpleName(), e.getMessage());
        }
    }

    /**
     * Sends the requests for one rule; returns how many. Public for tests and tools: it runs on the
     * calling thread and does not look at or change what was backfilled before.
     */
    public int backfill(Rule rule, Instant catchUpDeadline) throws Exception {
        Duration window = rule.backfillWindow().orElseThrow();
        if (!catchUp.caughtUp(catchUpDeadline)) {
            LOG.warnf("backfill of rule %s: the archive has not caught up with newswatch.documents; documents it has not read yet are left out",
                    rule.id());
        }
        Query text = searcher.compile(rule.query());
        Instant since = clock.instant().minus(window);
        List<BackfillRequest> requests = index.search(s -> {
            BooleanQuery.Builder all = new BooleanQuery.Builder()
                    .add(searcher.archiveForm(text), Occur.MUST)
                    .add(ArchiveSearcher.kind(ArchiveSchema.KIND_DOCUMENT), Occur.FILTER)
                    .add(LongPoint.newRangeQuery(ArchiveSchema.INGESTED, since.toEpochMilli(), Long.MAX_VALUE), Occur.FILTER)
                    .add(ArchiveSearcher.documentsAlertedBy(s, rule.id()), Occur.MUST_NOT);
            Query query = all.build();
            int total = s.count(query);
            TopFieldDocs top = s.search(query, Math.max(1, settings.maxDocuments()),
                    new Sort(new SortField(ArchiveSchema.INGESTED, SortField.Type.LONG, true)), false);
            if (total > settings.maxDocuments()) {
                LOG.warnf("backfill of rule %s: %d documents match in the last %s; only the newest %d are backfilled "
                        + "(NEWSWATCH_ARCHIVE_BACKFILL_MAX_DOCUMENTS)", rule.id(), total, window, settings.maxDocuments());
            }
            StoredFields stored = s.storedFields();
            List<Document> documents = new ArrayList<>();
            for (ScoreDoc hit : top.scoreDocs) {
                documents.add(ArchiveSchema.document(stored, hit.doc));
            }
            // Each document's story as the archive has it (from newswatch.stories): the alert is placed in it.
            Map<String, String> stories = ArchiveSearcher.storiesOf(s, documents.stream().map(Document::id)
                    .collect(Collectors.toCollection(LinkedHashSet::new)));
            List<BackfillRequest> out = new ArrayList<>();
            for (Document document : documents) {
                out.add(new BackfillRequest(rule.id(), document, stories.get(document.id())));
            }
            return out;
        });
        if (!requests.isEmpty()) {
            sink.send(requests);
        }
        return requests.size();
    }

    /** The rule's query as compiled now (aliases included) and its window: a change of either means backfill again. */
    private String fingerprint(Rule rule) throws ArchiveRequestException {
        String text = searcher.compile(rule.query()).toString() + "\n" + rule.backfillWindow().orElseThrow();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void saveState() throws IOException {
        Path temp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            done.store(out, "rule id = fingerprint of the query and window last backfilled (docs/search.md)");
        }
        Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits for queued backfills up to {@code timeout}; for tests. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        var f = worker.submit(() -> {});
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
