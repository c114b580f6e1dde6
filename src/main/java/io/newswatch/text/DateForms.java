package io.newswatch.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways news pages write a calendar date, shared by the date finder (which reads them) and the
 * cleaner (which drops lines that are nothing but a date). Dates without a time are taken as
 * midnight UTC; times without a zone as UTC.
 */
final class DateForms {
    private DateForms() {}

    /** A date found in a text: where it is, and the instant it stands for. */
    record Found(int start, int end, Instant instant) {}

    private static final String MONTH = "(january|february|march|april|may|june|july|august|september|october|november|december"
            + "|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?!\\p{L})\\.?";

    /** 2024-10-08, 2024/10/08, 2024-10-08T09:30:00+02:00 */
    private static final Pattern ISO = Pattern.compile(
            "(?<![\\d.\\-/])(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})"
                    + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d+)?)?\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?)?"
                    + "(?![\\d])",
            Pattern.CASE_INSENSITIVE);
    /** 8 October 2024, 08 Oct 2024, 8th of October, 2024 */
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
            "(?<![\\d\\p{L}])(\\d{1,2})(?:st|nd|rd|th)?\\.?\\s+(?:of\\s+)?" + MONTH + ",?\\s+(\\d{4})(?![\\d])",
            Pattern.CASE_INSENSITIVE);
    /** October 8, 2024, Oct. 8 2024 */
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile(
            "(?<![\\p{L}])" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?![\\d])",
            Pattern.CASE_INSENSITIVE);

    /** Labels that announce the publication date; "updated" is weaker, see {@link #isUpdateLabel}. */
    static final Pattern LABEL = Pattern.compile(
            "(?<![\\p{L}])(date|dated|published(?:\\s+on)?|first\\s+published(?:\\s+on)?|posted(?:\\s+on)?"
                    + "|publication\\s+date|pubdate|last\\s+updated(?:\\s+on)?|updated(?:\\s+on)?)"
                    + "\\s*[:\\-–—]?\\s*"
                    + "(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+|(?:mon|tue|wed|thu|fri|sat|sun)\\.?,?\\s+)?",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern WEEKDAY = Pattern.compile(
            "(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|wed|thu|fri|sat|sun)\\.?),?\\s+",
            Pattern.CASE_INSENSITIVE);
    /** What may follow a date on a line that holds nothing else: a time, a zone, separators. */
    private static final Pattern TIME_TAIL = Pattern.compile(
            "[\\s,|·•\\-–—]*(?:(?:at\\s+)?\\d{1,2}[:.]\\d{2}(?::\\d{2})?\\s*(?:[ap]\\.?m\\.?)?"
                    + "\\s*(?:(?-i:[A-Z]{2,5})(?![\\p{L}])|[+-]\\d{2}:?\\d{2})?)?\\s*",
            Pattern.CASE_INSENSITIVE);

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    static boolean isUpdateLabel(String label) {
        return label.toLowerCase(Locale.ROOT).contains("updated");
    }

    /** The date that starts exactly at {@code from}, if any. */
    static Optional<Found> at(String text, int from) {
        for (Pattern form : List.of(ISO, DAY_MONTH_YEAR, MONTH_DAY_YEAR)) {
            Matcher m = form.matcher(text).region(from, text.length());
            m.useTransparentBounds(true);
            if (m.lookingAt()) {
                Optional<Found> found = convert(form, m);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** Every well-formed date in {@code text[from, to)}, in order of position. */
    static List<Found> all(String text, int from, int to) {
        ArrayList<Found> found = new ArrayList<>();
        for (Pattern form : List.of(ISO, DAY_MONTH_YEAR, MONTH_DAY_YEAR)) {
            Matcher m = form.matcher(text).region(from, to);
            m.useTransparentBounds(true);
            while (m.find()) {
                convert(form, m).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparingInt(Found::start));
        return found;
    }

    /**
     * True when the line says nothing but a date, e.g. {@code Published: Tuesday, 8 October 2024,
     * 10:32 BST}: such a line is page metadata, not article text.
     */
    static boolean isBareDate(String line) {
        int pos = 0;
        Matcher label = LABEL.matcher(line);
        if (label.lookingAt()) {
            pos = label.end();
        } else {
            Matcher weekday = WEEKDAY.matcher(line);
            if (weekday.lookingAt()) {
                pos = weekday.end();
            }
        }
        Optional<Found> date = at(line, pos);
        if (date.isEmpty()) {
            return false;
        }
        Matcher tail = TIME_TAIL.matcher(line).region(date.get().end(), line.length());
        return tail.matches();
    }

    /**
     * Length of a date label and its date at the very start of the line (the {@code date
     * 2024-10-08} header some scrapers write before the article), or 0 when the line does not start
     * so. A date followed by a comma is the start of a sentence ("Published on 8 May 2024, the
     * report..."), not a header, and is left alone.
     */
    static int labeledPrefixLength(String line) {
        Matcher label = LABEL.matcher(line);
        if (!label.lookingAt()) {
            return 0;
        }
        Optional<Found> date = at(line, label.end());
        if (date.isEmpty()) {
            return 0;
        }
        Matcher tail = TIME_TAIL.matcher(line).region(date.get().end(), line.length());
        int end = tail.lookingAt() ? tail.end() : date.get().end();
        if (end < line.length() && ",;".indexOf(line.charAt(date.get().end())) >= 0) {
            return 0;
        }
        return end;
    }

    private static Optional<Found> convert(Pattern form, Matcher m) {
        try {
            Instant instant;
            if (form == ISO) {
                LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
                LocalTime time = m.group(5) == null ? LocalTime.MIDNIGHT
                        : LocalTime.of(Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                                m.group(7) == null ? 0 : Integer.parseInt(m.group(7)));
                instant = date.atTime(time).toInstant(offset(m.group(8)));
            } else if (form == DAY_MONTH_YEAR) {
                instant = LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)))
                        .atStartOfDay().toInstant(ZoneOffset.UTC);
            } else {
                instant = LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)))
                        .atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Optional.of(new Found(m.start(), m.end(), instant));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty(); // 2024-13-45 and friends: looks like a date, is not one
        }
    }

    private static int month(String name) {
        return MONTHS.indexOf(name.toLowerCase(Locale.ROOT).substring(0, 3)) + 1;
    }

    private static ZoneOffset offset(String zone) {
        if (zone == null || zone.equalsIgnoreCase("Z") || zone.equalsIgnoreCase("UTC") || zone.equalsIgnoreCase("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() >= 5 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
