package io.newswatch.archive;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as people write it in a request or on a command line: an ISO instant
 * ({@code 2026-11-20T08:00:00Z}), a UTC date ({@code 2026-11-20}, its start), or a span back from
 * now ({@code 30m}, {@code 24h}, {@code 7d}).
 */
public final class TimeParameter {
    private static final Pattern SPAN = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");
    /** Spans further back than this are refused (and the archive keeps far less). */
    private static final Duration MAX_SPAN = Duration.ofDays(36_500);

    private TimeParameter() {}

    /** Null for a missing or blank value. */
    public static Instant parse(String name, String value, Instant now) throws ArchiveRequestException {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Matcher span = SPAN.matcher(v.toLowerCase(Locale.ROOT));
        if (span.matches()) {
            return now.minus(span(name, v));
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ArchiveRequestException(name, name + " \"" + shorten(v) + "\" is not a time: write an ISO instant"
                    + " (2026-11-20T08:00:00Z), a date (2026-11-20) or a span back from now (24h, 7d)");
        }
    }

    /** A span such as {@code 7d}, {@code 24h}. */
    public static Duration span(String name, String value) throws ArchiveRequestException {
        Matcher m = SPAN.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ArchiveRequestException(name, name + " \"" + shorten(value) + "\" is not a span: write e.g. 30m, 24h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (d.compareTo(MAX_SPAN) > 0) {
            throw new ArchiveRequestException(name, name + " " + value + " reaches back more than 100 years");
        }
        return d;
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
