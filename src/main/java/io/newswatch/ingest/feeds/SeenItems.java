package io.newswatch.ingest.feeds;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which items were already published, over all feeds. Each feed remembers a bounded,
 * most-recently-seen-last set of keys (what is persisted); a shared count per key answers "seen
 * by any feed?" in one lookup, which is what stops the same article in two feeds from being
 * published twice. A key is <em>claimed</em> while its item is being published, so two feeds
 * polled at the same moment cannot both publish it; it becomes seen only once the sink accepted
 * the item.
 */
final class SeenItems {
    private final int perFeedLimit;
    private final Map<String, LinkedHashSet<String>> byFeed = new HashMap<>();
    private final Map<String, Integer> references = new HashMap<>();
    private final Set<String> claimed = new HashSet<>();

    SeenItems(int perFeedLimit) {
        this.perFeedLimit = perFeedLimit;
    }

    /** Restores a feed's persisted keys (oldest first). */
    synchronized void load(String feed, Collection<String> keys) {
        forget(feed);
        remember(feed, keys);
        trim(feed, 0);
    }

    /** What {@link #claim} found. */
    enum Claim {
        /** New: the caller publishes it, then calls {@link #commit} or {@link #release}. */
        CLAIMED,
        /** Published before (by any feed). */
        SEEN,
        /** Being published by another poll right now; its outcome decides. */
        BUSY
    }

    /** Claims an item for publishing unless any of its keys is seen or claimed already. */
    synchronized Claim claim(Collection<String> keys) {
        for (String key : keys) {
            if (references.containsKey(key)) {
                return Claim.SEEN;
            }
        }
        for (String key : keys) {
            if (claimed.contains(key)) {
                return Claim.BUSY;
            }
        }
        claimed.addAll(keys);
        return Claim.CLAIMED;
    }

    /** The claimed item was published: it is seen from now on, remembered by {@code feed}. */
    synchronized void commit(String feed, Collection<String> keys) {
        claimed.removeAll(keys);
        remember(feed, keys);
    }

    /** The claimed item was not published; another poll may try again. */
    synchronized void release(Collection<String> keys) {
        claimed.removeAll(keys);
    }

    /**
     * Records that {@code feed} still lists items that were seen before (maybe via another
     * feed), so they stay remembered as long as this feed lists them, then trims the feed's set
     * to its limit, but never below the number of keys it currently lists.
     */
    synchronized void stillListed(String feed, Collection<String> currentKeys) {
        remember(feed, currentKeys);
        trim(feed, currentKeys.size());
    }

    /** The feed's keys, oldest first, for persisting. */
    synchronized List<String> keysOf(String feed) {
        LinkedHashSet<String> keys = byFeed.get(feed);
        return keys == null ? List.of() : new ArrayList<>(keys);
    }

    synchronized int size(String feed) {
        LinkedHashSet<String> keys = byFeed.get(feed);
        return keys == null ? 0 : keys.size();
    }

    /** Drops a feed that left the list; its items stay seen only while other feeds remember them. */
    synchronized void forget(String feed) {
        LinkedHashSet<String> keys = byFeed.remove(feed);
        if (keys != null) {
            keys.forEach(this::unreference);
        }
    }

    private void remember(String feed, Collection<String> keys) {
        LinkedHashSet<String> set = byFeed.computeIfAbsent(feed, f -> new LinkedHashSet<>());
        for (String key : keys) {
            if (set.remove(key)) {
                set.add(key); // moved to the most recent end
            } else {
                set.add(key);
                references.merge(key, 1, Integer::sum);
            }
        }
    }

    private void trim(String feed, int atLeast) {
        LinkedHashSet<String> set = byFeed.get(feed);
        if (set == null) {
            return;
        }
        int limit = Math.max(perFeedLimit, atLeast);
        Iterator<String> oldest = set.iterator();
        while (set.size() > limit && oldest.hasNext()) {
            String key = oldest.next();
            oldest.remove();
            unreference(key);
        }
    }

    private void unreference(String key) {
        references.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    }
}
