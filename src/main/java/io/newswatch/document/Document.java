package io.newswatch.document;

import java.time.Instant;
import java.util.List;

/**
 * One news text, whatever it came from. Everything downstream (matching, alerts, notifications)
 * sees only this, so files and feed items are treated alike.
 *
 * @param id         stable id: SHA-256 (hex) of the canonical URL for feed items, of the normalized text for files
 * @param source     where it came from, for people: the feed's name, or {@code file} for files
 * @param location   the file path or the item URL
 * @param title      title, derived from the text when the input has none
 * @param body       cleaned body text
 * @param published  publication time as the text or feed states it; null for a file whose text states none
 * @param language   ISO 639-1 code, e.g. {@code en}
 * @param ingested   when newswatch read it
 * @param authors    authors when known (feeds), else empty
 * @param categories categories when known (feeds), else empty
 */
public record Document(
        String id,
        String source,
        String location,
        String title,
        String body,
        Instant published,
        String language,
        Instant ingested,
        List<String> authors,
        List<String> categories) {

    public Document {
        authors = authors == null ? List.of() : List.copyOf(authors);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    /** True when {@link #location()} is a URL rather than a file path. */
    public boolean isUrl() {
        return location != null && (location.startsWith("http://") || location.startsWith("https://"));
    }
}
