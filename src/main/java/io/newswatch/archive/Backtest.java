package io.newswatch.archive;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.QueryTimeoutImpl;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Runs a draft rule's query over the archived documents of a time range and, when a rule with the
 * same id is in force, the rule in force's query over the same documents: the draft's matches,
 * counted per day, and the difference (documents the draft would add, documents it would lose).
 * Both queries run on the same point-in-time view of the archive, so the difference is exact for
 * what the archive holds. Runs within a time limit and keeps at most {@code maxResults} matches per
 * query; the result says when either was hit.
 */
public final class Backtest {
    /** What to run. {@code inForce} is empty for a new rule. */
    public record Request(Query draft, Optional<Query> inForce, Instant from, Instant to, int listLimit) {}

    /** Matches listed newest first, at most {@code listLimit} of each list. */
    public record Result(long matched, SortedMap<LocalDate, Long> perDay, List<ArchivedHit> matches,
                         Optional<Diff> diff, boolean timedOut, boolean capped, long tookMillis) {}

    public record Diff(long inForceMatched, long added, long lost, List<ArchivedHit> addedDocuments, List<ArchivedHit> lostDocuments) {}

    private final ArchiveIndex index;
    private final ArchiveSearcher searcher;
    private final Duration timeLimit;
    private final int maxResults;
    private final Clock clock;

    public Backtest(ArchiveIndex index, ArchiveSearcher searcher, Duration timeLimit, int maxResults, Clock clock) {
        this.index = index;
        this.searcher = searcher;
        this.timeLimit = timeLimit;
        this.maxResults = maxResults;
        this.clock = clock;
    }

    public Result run(Request request) throws ArchiveRequestException, IOException {
        ArchiveSearcher.checkRange("from", "to", request.from(), request.to());
        if (request.listLimit() < 0 || request.listLimit() > searcher.maxLimit()) {
            throw new ArchiveRequestException("limit", "limit must be between 0 and " + searcher.maxLimit() + ", got " + request.listLimit());
        }
        Instant started = clock.instant();
        try {
            return index.search(shared -> {
                // A searcher of its own: the time limit is per searcher, and the shared one serves other requests.
                IndexSearcher own = ArchiveSearcher.withoutQueryCache(shared);
                own.setTimeout(new QueryTimeoutImpl(timeLimit.toMillis()));
                Matches draft = matches(own, request.draft(), request);
                Optional<Matches> inForce = Optional.empty();
                if (request.inForce().isPresent() && !own.timedOut()) {
                    inForce = Optional.of(matches(own, request.inForce().get(), request));
                }
                boolean timedOut = own.timedOut();
                boolean capped = draft.capped || inForce.map(m -> m.capped).orElse(false);
                List<ArchivedHit> listed = searcher.documents(shared, draft.newest(request.listLimit()), request.draft());
                Optional<Diff> diff = Optional.empty();
                if (inForce.isPresent()) {
                    Matches old = inForce.get();
                    Matches added = draft.minus(old);
                    Matches lost = old.minus(draft);
                    diff = Optional.of(new Diff(old.total, added.times.size(), lost.times.size(),
                            searcher.documents(shared, added.newest(request.listLimit()), request.draft()),
                            searcher.documents(shared, lost.newest(request.listLimit()), request.inForce().get())));
                }
                long took = Duration.between(started, clock.instant()).toMillis();
                return new Result(draft.total, draft.perDay(), listed, diff, timedOut, capped, took);
            });
        } catch (IllegalStateException | IndexSearcher.TooManyClauses e) {
            throw ArchiveSearcher.tooBroad(e);
        }
    }

    private Matches matches(IndexSearcher own, Query query, Request request) throws IOException {
        BooleanQuery.Builder all = new BooleanQuery.Builder()
                .add(searcher.archiveForm(query), Occur.MUST)
                .add(ArchiveSearcher.kind(ArchiveSchema.KIND_DOCUMENT), Occur.FILTER);
        ArchiveSearcher.addRange(all, request.from(), request.to());
        Matches found = new Matches(maxResults);
        own.search(all.build(), found.collector());
        return found;
    }

    /** Matching document ids with their times, up to a cap; the total counts on past the cap. */
    private static final class Matches {
        final int cap;
        final Map<String, Long> times = new HashMap<>();
        final SortedMap<Long, Long> days = new TreeMap<>();
        long total;
        boolean capped;

        Matches(int cap) {
            this.cap = cap;
        }

        SimpleCollector collector() {
            return new SimpleCollector() {
                private SortedDocValues keys;
                private NumericDocValues docTimes;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    keys = DocValues.getSorted(context.reader(), ArchiveSchema.KEY);
                    docTimes = DocValues.getNumeric(context.reader(), ArchiveSchema.TIME);
                }

                @Override
                public void collect(int doc) throws IOException {
                    long time = docTimes.advanceExact(doc) ? docTimes.longValue() : 0;
                    total++;
                    days.merge(Math.floorDiv(time, 86_400_000L), 1L, Long::sum);
                    if (times.size() >= cap) {
                        capped = true;
                        return;
                    }
                    if (keys.advanceExact(doc)) {
                        times.put(keys.lookupOrd(keys.ordValue()).utf8ToString(), time);
                    }
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            };
        }

        Matches minus(Matches other) {
            Matches rest = new Matches(cap);
            times.forEach((id, time) -> {
                if (!other.times.containsKey(id)) {
                    rest.times.put(id, time);
                }
            });
            rest.total = rest.times.size();
            return rest;
        }

        List<String> newest(int n) {
            Set<String> ids = new LinkedHashSet<>();
            times.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(n)
                    .forEach(e -> ids.add(e.getKey()));
            return new ArrayList<>(ids);
        }

        SortedMap<LocalDate, Long> perDay() {
            SortedMap<LocalDate, Long> out = new TreeMap<>();
            days.forEach((day, n) -> out.put(LocalDate.ofEpochDay(day), n));
            return out;
        }
    }
}
