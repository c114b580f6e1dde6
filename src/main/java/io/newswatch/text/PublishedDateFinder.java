package io.newswatch.text;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the publication date a news text states about itself. Articles mention many dates (the
 * events they report, anniversaries, treaty years), so only a date where publishers put theirs
 * counts, in this order:
 * <ol>
 *   <li>a labelled date ({@code date 2024-10-08}, {@code Published: 8 October 2024}) in the first
 *       {@value #LABEL_WINDOW} characters; a "published"/"date" label beats an "updated" one;</li>
 *   <li>the first date of any recognised form in the first {@value #DATELINE_WINDOW} characters
 *       (the dateline: {@code SEOUL, October 8, 2024 —});</li>
 *   <li>a labelled date in the last {@value #TAIL_WINDOW} characters (footers: "Published on ...");</li>
 *   <li>the date in a MENAFN agency id ({@code MENAFN08102024...}, day-month-year) near the end.</li>
 * </ol>
 * Recognised forms: ISO ({@code 2024-10-08}, with optional time and zone; also {@code /} and
 * {@code .} separators), {@code 8 October 2024}, {@code 08 Oct 2024}, {@code October 8, 2024}.
 * A date is only accepted when plausible: not before {@value #EARLIEST_YEAR} and not more than a day
 * in the future (a typo or a date of an announced event, not a publication date).
 */
public final class PublishedDateFinder {
    static final int LABEL_WINDOW = 3000;
    static final int DATELINE_WINDOW = 500;
    static final int TAIL_WINDOW = 500;
    static final int EARLIEST_YEAR = 1990;
    private static final Instant EARLIEST = LocalDate.of(EARLIEST_YEAR, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final Pattern MENAFN_ID = Pattern.compile("MENAFN(\\d{2})(\\d{2})(\\d{4})\\d{6,}");

    private PublishedDateFinder() {}

    /**
     * @param text the raw or cleaned text (raw is better: the cleaner drops date header lines)
     * @param now  the present, for rejecting future dates
     * @return the publication instant, or empty when the text does not state one plausibly
     */
    public static Optional<Instant> find(String text, Instant now) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        int length = text.length();
        Optional<Instant> labelled = labelled(text, 0, Math.min(length, LABEL_WINDOW), now);
        if (labelled.isPresent()) {
            return labelled;
        }
        for (DateForms.Found found : DateForms.all(text, 0, Math.min(length, DATELINE_WINDOW))) {
            if (plausible(found.instant(), now)) {
                return Optional.of(found.instant());
            }
        }
        int tailStart = Math.max(0, length - TAIL_WINDOW);
        if (tailStart >= LABEL_WINDOW) {
            labelled = labelled(text, tailStart, length, now);
            if (labelled.isPresent()) {
                return labelled;
            }
        }
        Matcher menafn = MENAFN_ID.matcher(text).region(tailStart, length);
        while (menafn.find()) {
            try {
                Instant instant = LocalDate.of(Integer.parseInt(menafn.group(3)), Integer.parseInt(menafn.group(2)),
                        Integer.parseInt(menafn.group(1))).atStartOfDay().toInstant(ZoneOffset.UTC);
                if (plausible(instant, now)) {
                    return Optional.of(instant);
                }
            } catch (java.time.DateTimeException e) {
                // not a date after all: keep looking
            }
        }
        return Optional.empty();
    }

    /** True for instants from {@value #EARLIEST_YEAR} up to one day after {@code now}. */
    public static boolean plausible(Instant instant, Instant now) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(now.plus(Duration.ofDays(1)));
    }

    private static Optional<Instant> labelled(String text, int from, int to, Instant now) {
        Instant update = null;
        Matcher label = DateForms.LABEL.matcher(text).region(from, to);
        label.useTransparentBounds(true);
        while (label.find()) {
            Optional<DateForms.Found> date = DateForms.at(text, label.end());
            if (date.isEmpty() || !plausible(date.get().instant(), now)) {
                continue;
            }
            if (!DateForms.isUpdateLabel(label.group(1))) {
                return Optional.of(date.get().instant());
            }
            if (update == null) {
                update = date.get().instant();
            }
        }
        return Optional.ofNullable(update);
    }
}
