package io.newswatch.archive;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * Keeps the archive within its limits: records ingested longer than {@code maxAge} ago are
 * deleted, and when the index is larger than {@code maxBytes} the oldest-ingested records are
 * deleted, in proportion to the excess plus a margin, and the space reclaimed by merging. The
 * archiver runs it periodically on its own thread, so the limits hold continuously.
 */
public final class ArchiveRetention {
    private static final Logger LOG = Logger.getLogger(ArchiveRetention.class);
    /** Extra share deleted when over size, so the next check does not find it just over again. */
    static final double SIZE_MARGIN = 0.05;

    private final Duration maxAge;
    private final Optional<Long> maxBytes;

    public ArchiveRetention(Duration maxAge, Optional<Long> maxBytes) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("archive retention must be positive, got " + maxAge);
        }
        maxBytes.ifPresent(b -> {
            if (b <= 0) {
                throw new IllegalArgumentException("archive maximum size must be positive, got " + b);
            }
        });
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    /** Deletes what is too old and, if still too large, the oldest records; the caller commits. Returns whether anything was deleted. */
    public boolean apply(ArchiveIndex index, Instant now) throws IOException {
        boolean deleted = false;
        Instant cutoff = now.minus(maxAge);
        long old = index.search(s -> s.count(LongPoint.newRangeQuery(ArchiveSchema.INGESTED, Long.MIN_VALUE, cutoff.toEpochMilli() - 1)));
        if (old > 0) {
            index.delete(LongPoint.newRangeQuery(ArchiveSchema.INGESTED, Long.MIN_VALUE, cutoff.toEpochMilli() - 1));
            index.refresh();
            LOG.infof("archive retention: deleted %d record(s) ingested before %s", old, cutoff);
            deleted = true;
        }
        if (maxBytes.isPresent()) {
            long size = index.sizeOnDisk();
            if (size > maxBytes.get()) {
                deleted |= deleteOldestShare(index, size, maxBytes.get());
            }
        }
        return deleted;
    }

    private boolean deleteOldestShare(ArchiveIndex index, long size, long max) throws IOException {
        double share = Math.min(1.0, (double) (size - max) / size + SIZE_MARGIN);
        Optional<Long> cutoff = index.search(s -> oldestIngested(s, share));
        if (cutoff.isEmpty()) {
            return false;
        }
        long count = index.search(s -> s.count(LongPoint.newRangeQuery(ArchiveSchema.INGESTED, Long.MIN_VALUE, cutoff.get())));
        index.delete(LongPoint.newRangeQuery(ArchiveSchema.INGESTED, Long.MIN_VALUE, cutoff.get()));
        index.reclaimDeleted();
        index.refresh();
        LOG.infof("archive retention: %d bytes over the %d-byte limit; deleted the %d oldest record(s), ingested up to %s",
                size - max, max, count, Instant.ofEpochMilli(cutoff.get()));
        return true;
    }

    /** The ingested time at or below which {@code share} of the live records lie. */
    private static Optional<Long> oldestIngested(IndexSearcher searcher, double share) throws IOException {
        int live = searcher.getIndexReader().numDocs();
        int n = (int) Math.ceil(live * share);
        if (n <= 0) {
            return Optional.empty();
        }
        long[] times = new long[live];
        int count = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            NumericDocValues values = DocValues.getNumeric(leaf.reader(), ArchiveSchema.INGESTED);
            Bits liveDocs = leaf.reader().getLiveDocs();
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                if ((liveDocs == null || liveDocs.get(doc)) && count < times.length) {
                    times[count++] = values.longValue();
                }
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        Arrays.sort(times, 0, count);
        return Optional.of(times[Math.min(count, n) - 1]);
    }
}
