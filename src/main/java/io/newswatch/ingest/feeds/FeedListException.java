package io.newswatch.ingest.feeds;

/** A feeds file that cannot be used; the message names the file, the line and what to fix. */
public final class FeedListException extends Exception {
    public FeedListException(String message) {
        super(message);
    }
}
