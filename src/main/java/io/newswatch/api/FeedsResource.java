package io.newswatch.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.newswatch.daemon.FeedService;
import io.newswatch.ingest.feeds.FeedStatus;

/** {@code GET /api/feeds}: how every listed feed is doing, for operators and dashboards. */
@Path("/api/feeds")
public class FeedsResource {

    @Inject
    FeedService feeds;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<FeedStatus> list() {
        return feeds.status();
    }
}
