package io.newswatch.ingest.files;

import io.newswatch.text.HtmlText;
import io.newswatch.text.PublishedDateFinder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * A saved web page reduced to what newswatch needs: the headline from the page's metadata, the
 * article's text with one paragraph per block element, and the publication time from metadata.
 * Scripts, styles, navigation, footers, asides and forms are dropped before the text is taken
 * ({@link HtmlText}, the one HTML-to-text routine, shared with feeds);
 * when the page has an {@code <article>} (or {@code <main>}) only that is read, so sidebars and
 * related-story lists do not trip rules.
 *
 * @param title     {@code og:title}, else {@code <title>} without a {@code " | Site"} suffix, else
 *                  the first {@code <h1>}; {@code null} when the page has none
 * @param text      the article text, paragraphs separated by blank lines, for {@code TextCleaner}
 * @param published {@code article:published_time} (or {@code datePublished}, {@code date} meta,
 *                  {@code <time datetime>}) when present and plausible, else {@code null}
 */
public record HtmlPage(String title, String text, Instant published) {

    private static final List<String> DATE_META = List.of(
            "article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date.issued", "dc.date");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** True for files named {@code .html}/{@code .htm}/{@code .xhtml} or starting like an HTML document. */
    public static boolean looksLikeHtml(String fileName, String text) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".xhtml")) {
            return true;
        }
        String start = text.stripLeading();
        start = start.substring(0, Math.min(start.length(), 20)).toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /** Parses any HTML, however broken (jsoup repairs it as browsers do); never throws. */
    public static HtmlPage parse(String html, Instant now) {
        org.jsoup.nodes.Document page = Jsoup.parse(html);
        String title = meta(page, "og:title");
        if (title == null) {
            title = siteSuffixRemoved(blankToNull(page.title()));
        }
        if (title == null) {
            Element h1 = page.selectFirst("h1");
            title = h1 == null ? null : blankToNull(h1.text());
        }
        Instant published = published(page, now);

        HtmlText.removeDropped(page);
        Element root = page.body();
        Element article = largest(page.select("article"));
        if (article == null) {
            article = largest(page.select("main"));
        }
        if (article != null && !article.text().isBlank()) {
            root = article;
        }
        return new HtmlPage(title, HtmlText.paragraphs(root), published);
    }

    private static Element largest(List<Element> elements) {
        Element best = null;
        for (Element element : elements) {
            if (best == null || element.text().length() > best.text().length()) {
                best = element;
            }
        }
        return best;
    }

    private static Instant published(org.jsoup.nodes.Document page, Instant now) {
        for (String key : DATE_META) {
            Instant instant = parseInstant(meta(page, key));
            if (instant != null && PublishedDateFinder.plausible(instant, now)) {
                return instant;
            }
        }
        for (Element time : page.select("time[datetime]")) {
            Instant instant = parseInstant(time.attr("datetime"));
            if (instant != null && PublishedDateFinder.plausible(instant, now)) {
                return instant;
            }
        }
        return null;
    }

    /** The content of the first meta tag whose property, name or itemprop is {@code key}. */
    private static String meta(org.jsoup.nodes.Document page, String key) {
        for (Element meta : page.getElementsByTag("meta")) {
            for (String attribute : List.of("property", "name", "itemprop")) {
                if (meta.attr(attribute).equalsIgnoreCase(key)) {
                    String content = blankToNull(meta.attr("content"));
                    if (content != null) {
                        return content;
                    }
                }
            }
        }
        return null;
    }

    /** ISO-8601 with offset, instant, local date-time (UTC) or date (midnight UTC); else null. */
    static Instant parseInstant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "Headline | Site" → "Headline": pipes separate site names, they are not used in headlines. */
    private static String siteSuffixRemoved(String title) {
        if (title == null) {
            return null;
        }
        int pipe = title.lastIndexOf(" | ");
        return pipe > 0 ? title.substring(0, pipe).strip() : title;
    }

    private static String blankToNull(String value) {
        if (value == null) {
            return null;
        }
        String collapsed = WHITESPACE.matcher(value).replaceAll(" ").strip();
        return collapsed.isEmpty() ? null : collapsed;
    }
}
