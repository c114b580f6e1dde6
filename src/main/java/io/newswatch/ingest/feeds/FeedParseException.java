package io.newswatch.ingest.feeds;

/** A body that is not a usable RSS or Atom document; the message says what is wrong with it. */
public class FeedParseException extends Exception {
    public FeedParseException(String message) {
        super(message);
    }
}
