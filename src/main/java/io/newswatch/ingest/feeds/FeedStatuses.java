package io.newswatch.ingest.feeds;

import java.util.List;

/** How every listed feed is doing, as served by {@code GET /api/feeds}; implemented by the daemon's feed service. */
public interface FeedStatuses {
    List<FeedStatus> status();
}
