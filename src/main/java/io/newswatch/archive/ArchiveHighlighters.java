package io.newswatch.archive;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Query;

/**
 * The highlighters ({@link ArchiveHighlighter}) of the last queries searched, kept so that the next
 * page of the same query (another page, the same rule query searched again) does not register the
 * query in a matcher of its own again: for a rule's query that registration (its parts decomposed
 * and indexed by Lucene's Monitor) is a good part of a page's highlighting cost. A highlighter is
 * used by several searches at once (the matcher is thread-safe) and closed when it has been dropped
 * from the {@value #KEPT} kept and its last user is done. Thread-safe.
 */
final class ArchiveHighlighters implements AutoCloseable {
    static final int KEPT = 16;

    /** By query instance: a query searched again is the compiled instance kept by {@link ArchiveSearcher#compile}. */
    private final Map<Identity, Shared> recent = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    /** Highlighters made (each one a registration of its query in a matcher); for tests. */
    private int made;

    /** A highlighter for one search's page; closing the lease hands it back. */
    final class Lease implements AutoCloseable {
        private final Shared shared;
        private boolean released;

        private Lease(Shared shared) {
            this.shared = shared;
        }

        ArchiveHighlighter highlighter() {
            return shared.highlighter;
        }

        @Override
        public void close() {
            synchronized (ArchiveHighlighters.this) {
                if (released) {
                    return;
                }
                released = true;
                shared.users--;
                shared.closeIfDone();
            }
        }
    }

    private record Identity(Query query) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity i && i.query == query;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(query);
        }
    }

    private static final class Shared {
        final ArchiveHighlighter highlighter;
        int users;
        boolean dropped;

        Shared(ArchiveHighlighter highlighter) {
            this.highlighter = highlighter;
        }

        void closeIfDone() {
            if (dropped && users == 0) {
                highlighter.close();
            }
        }
    }

    /** The highlighter of {@code query}, made when no kept one is there. */
    Lease lease(Query query) {
        synchronized (this) {
            Shared kept = recent.get(new Identity(query));
            if (kept != null) {
                kept.users++;
                return new Lease(kept);
            }
        }
        // Made outside the lock (registering a rule's query takes a while); a second one made meanwhile is dropped.
        Shared made = new Shared(new ArchiveHighlighter(query));
        synchronized (this) {
            this.made++;
            Shared kept = closed ? null : recent.get(new Identity(query));
            if (kept != null) {
                made.dropped = true;
                made.closeIfDone();
                kept.users++;
                return new Lease(kept);
            }
            made.users++;
            if (closed) {
                made.dropped = true; // used once, closed when handed back
                return new Lease(made);
            }
            recent.put(new Identity(query), made);
            Iterator<Shared> eldest = recent.values().iterator();
            while (recent.size() > KEPT && eldest.hasNext()) {
                Shared old = eldest.next();
                eldest.remove();
                old.dropped = true;
                old.closeIfDone();
            }
            return new Lease(made);
        }
    }

    /**
     * Makes the highlighter of {@code query} ahead of its first search (when a rule comes in force), so
     * that the search finds it kept; one already kept is only moved to the most recent.
     */
    void prepare(Query query) {
        lease(query).close();
    }

    synchronized int made() {
        return made;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            List<Shared> all = new ArrayList<>(recent.values());
            recent.clear();
            for (Shared s : all) {
                s.dropped = true;
                s.closeIfDone();
            }
        }
    }
}
