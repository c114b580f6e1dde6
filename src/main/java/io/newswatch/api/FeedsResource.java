package io.newswatch.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.newswatch.ingest.feeds.FeedStatuses;
import io.newswatch.ingest.feeds.FeedStatus;

/** {@code GET /api/feeds}: how every listed feed is doing, for operators and dashboards. */
@Path("/api/feeds")
public class FeedsResource {

    @Inject
    FeedStatuses feeds;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<FeedStatus> list() {
        return feeds.status();
    }
}
