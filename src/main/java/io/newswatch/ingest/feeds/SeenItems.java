package io.newswatch.ingest.feeds;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
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
 *
 * <p>Keys arrive as SHA-256 hex strings (document ids); only their first 128 bits are kept, as
 * two longs, which is about 120 bytes per remembered key with the collections around it instead
 * of about 300 for the string, and still collision-free in practice.
 */
final class SeenItems {
    /** The first 128 bits of a key. */
    private record Key(long high, long low) {
        static Key of(String hex) {
            if (hex.length() < 32) {
                throw new IllegalArgumentException("item key must be at least 32 hex digits: " + hex);
            }
            return new Key(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
        }

        String hex() {
            return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
        }
    }

    private final int perFeedLimit;
    private final Map<String, LinkedHashSet<Key>> byFeed = new HashMap<>();
    private final Map<Key, Integer> references = new HashMap<>();
    private final Set<Key> claimed = new HashSet<>();

    SeenItems(int perFeedLimit) {
        this.perFeedLimit = perFeedLimit;
    }

    /** Restores a feed's persisted keys (oldest first). */
    synchronized void load(String feed, Collection<String> keys) {
        forget(feed);
        remember(feed, parse(keys));
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
        List<Key> parsed = parse(keys);
        for (Key key : parsed) {
            if (references.containsKey(key)) {
                return Claim.SEEN;
            }
        }
        for (Key key : parsed) {
            if (claimed.contains(key)) {
                return Claim.BUSY;
            }
        }
        claimed.addAll(parsed);
        return Claim.CLAIMED;
    }

    /** The claimed item was published: it is seen from now on, remembered by {@code feed}. */
    synchronized void commit(String feed, Collection<String> keys) {
        List<Key> parsed = parse(keys);
        parsed.forEach(claimed::remove);
        remember(feed, parsed);
    }

    /** The claimed item was not published; another poll may try again. */
    synchronized void release(Collection<String> keys) {
        parse(keys).forEach(claimed::remove);
    }

    /**
     * Records that {@code feed} still lists items that were seen before (maybe via another
     * feed), so they stay remembered as long as this feed lists them, then trims the feed's set
     * to its limit, but never below the number of keys it currently lists.
     */
    synchronized void stillListed(String feed, Collection<String> currentKeys) {
        remember(feed, parse(currentKeys));
        trim(feed, currentKeys.size());
    }

    /** The feed's keys (32 hex digits), oldest first, for persisting. */
    synchronized List<String> keysOf(String feed) {
        LinkedHashSet<Key> keys = byFeed.get(feed);
        List<String> hex = new ArrayList<>(keys == null ? 0 : keys.size());
        if (keys != null) {
            keys.forEach(key -> hex.add(key.hex()));
        }
        return hex;
    }

    synchronized int size(String feed) {
        LinkedHashSet<Key> keys = byFeed.get(feed);
        return keys == null ? 0 : keys.size();
    }

    /** Drops a feed that left the list; its items stay seen only while other feeds remember them. */
    synchronized void forget(String feed) {
        LinkedHashSet<Key> keys = byFeed.remove(feed);
        if (keys != null) {
            keys.forEach(this::unreference);
        }
    }

    private static List<Key> parse(Collection<String> keys) {
        List<Key> parsed = new ArrayList<>(keys.size());
        for (String key : keys) {
            parsed.add(Key.of(key));
        }
        return parsed;
    }

    private void remember(String feed, List<Key> keys) {
        LinkedHashSet<Key> set = byFeed.computeIfAbsent(feed, f -> new LinkedHashSet<>());
        for (Key key : keys) {
            if (set.remove(key)) {
                set.add(key); // moved to the most recent end
            } else {
                set.add(key);
                references.merge(key, 1, Integer::sum);
            }
        }
    }

    private void trim(String feed, int atLeast) {
        LinkedHashSet<Key> set = byFeed.get(feed);
        if (set == null) {
            return;
        }
        int limit = Math.max(perFeedLimit, atLeast);
        Iterator<Key> oldest = set.iterator();
        while (set.size() > limit && oldest.hasNext()) {
            Key key = oldest.next();
            oldest.remove();
            unreference(key);
        }
    }

    private void unreference(Key key) {
        references.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    }
}
