package io.newswatch.delivery.email;

import io.newswatch.alerts.Alert;
import io.newswatch.delivery.Notification;
import io.newswatch.delivery.StoryGroup;
import io.newswatch.matching.Highlight;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns a notification into an email: a subject such as {@code [newswatch] Troop deployment: new
 * story, 4 sources} (a story's first notification for the rule), {@code [newswatch] Troop deployment:
 * story update, +3 sources} (a later one) or {@code [newswatch] Troop deployment: 5 new matches}
 * (alerts without a story), a plain-text part and an HTML part listing, for each alert, the document title, source,
 * time, link or path, and the snippet with the matched terms highlighted. Alerts of one story come
 * together under a line naming the story and its new sources ({@link StoryGroup}).
 *
 * <p>Every piece of document text comes from outside (feeds, files) and is treated as hostile: in
 * HTML it is escaped, links are only made of http(s) URLs, control and bidirectional-override
 * characters are removed everywhere, and nothing from a document goes into a header (the subject
 * holds only the rule title and counts, the title stripped of line breaks).
 */
public final class EmailRenderer {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int MAX_SUBJECT_TITLE = 120;

    /** The rendered subject and bodies. */
    public record Rendered(String subject, String text, String html) {}

    public Rendered render(Notification notification) {
        int count = notification.alerts().size();
        String ruleTitle = oneLine(notification.ruleTitle());
        String matches = count + " new " + (count == 1 ? "match" : "matches");
        List<StoryGroup> groups = StoryGroup.of(notification.alerts());
        String gist = matches;
        if (groups.size() == 1 && groups.get(0).story() != null) {
            // one story (the grouper's normal case): say whether it is new or an update; counts only, no document text
            StoryGroup story = groups.get(0);
            int sources = story.newSources().size();
            gist = story.first()
                    ? "new story, " + story.story().sources() + (story.story().sources() == 1 ? " source" : " sources")
                    : sources == 0 ? "story update, no new source"
                    : "story update, +" + sources + (sources == 1 ? " source" : " sources");
            matches = gist + " (" + matches + ")";
        }
        String subject = "[newswatch] " + truncate(ruleTitle, MAX_SUBJECT_TITLE) + ": " + gist;
        return new Rendered(subject, text(notification, ruleTitle, matches), html(notification, ruleTitle, matches));
    }

    /** The {@code Message-ID} for a notification: the same on every retry, so mail clients can drop a copy. */
    public static String messageId(Notification notification) {
        return "<" + notification.id() + "@newswatch>";
    }

    private String text(Notification notification, String ruleTitle, String matches) {
        StringBuilder out = new StringBuilder();
        out.append(matches).append(" for the rule \"").append(ruleTitle).append("\" (").append(notification.ruleId()).append(")\n");
        int n = 1;
        for (StoryGroup group : StoryGroup.of(notification.alerts())) {
        if (group.headline() != null) {
            out.append('\n').append(oneLine(group.headline())).append('\n');
        }
        for (Alert alert : group.alerts()) {
            var doc = alert.document();
            out.append('\n').append(n++).append(". ").append(title(alert)).append('\n');
            out.append("   ").append(oneLine(doc.sourceName())).append(", ").append(time(alert)).append('\n');
            if (link(alert) != null) {
                out.append("   ").append(link(alert)).append('\n');
            } else if (doc.url() != null) {
                out.append("   Address: ").append(oneLine(doc.url())).append('\n');
            } else if (doc.path() != null) {
                out.append("   File: ").append(oneLine(doc.path())).append('\n');
            }
            String snippet = clean(or(alert.snippet(), ""));
            if (!snippet.isBlank()) {
                StringBuilder marked = new StringBuilder();
                int at = 0;
                for (int[] span : spans(snippet, alert.highlights())) {
                    marked.append(snippet, at, span[0]).append('*').append(snippet, span[0], span[1]).append('*');
                    at = span[1];
                }
                marked.append(snippet.substring(at));
                out.append("   ").append(marked.toString().replaceAll("\\s*\n\\s*", " ").strip()).append('\n');
            }
        }
        }
        out.append("\n-- \nnewswatch notification ").append(notification.id()).append(" for recipient '")
                .append(notification.recipient().name()).append("'\n");
        return out.toString();
    }

    private String html(Notification notification, String ruleTitle, String matches) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(ruleTitle)).append("</title></head>\n")
                .append("<body style=\"font-family:sans-serif\">\n")
                .append("<h2>").append(escape(matches)).append(" for ").append(escape(ruleTitle)).append("</h2>\n");
        int n = 1;
        for (StoryGroup group : StoryGroup.of(notification.alerts())) {
        if (group.headline() != null) {
            out.append("<h3>").append(escape(oneLine(group.headline()))).append("</h3>\n");
        }
        out.append("<ol start=\"").append(n).append("\">\n");
        n += group.alerts().size();
        for (Alert alert : group.alerts()) {
            var doc = alert.document();
            out.append("<li><p><strong>").append(escape(title(alert))).append("</strong><br>\n")
                    .append(escape(oneLine(doc.sourceName()))).append(", ").append(escape(time(alert))).append("<br>\n");
            String link = link(alert);
            if (link != null) {
                out.append("<a href=\"").append(escape(link)).append("\">").append(escape(link)).append("</a>");
            } else if (doc.url() != null) {
                out.append("Address: ").append(escape(oneLine(doc.url())));
            } else if (doc.path() != null) {
                out.append("File: <code>").append(escape(oneLine(doc.path()))).append("</code>");
            }
            out.append("</p>\n");
            String snippet = clean(or(alert.snippet(), ""));
            if (!snippet.isBlank()) {
                out.append("<p>");
                int at = 0;
                for (int[] span : spans(snippet, alert.highlights())) {
                    out.append(escape(snippet.substring(at, span[0]))).append("<mark>")
                            .append(escape(snippet.substring(span[0], span[1]))).append("</mark>");
                    at = span[1];
                }
                out.append(escape(snippet.substring(at))).append("</p>\n");
            }
            out.append("</li>\n");
        }
        out.append("</ol>\n");
        }
        out.append("<p style=\"color:#666;font-size:small\">newswatch notification ").append(escape(notification.id()))
                .append(" for recipient '").append(escape(notification.recipient().name())).append("'</p>\n</body></html>\n");
        return out.toString();
    }

    /** Where each highlighted term occurs in the snippet (case-insensitively), merged and in order. */
    static List<int[]> spans(String snippet, List<Highlight> highlights) {
        String lower = snippet.toLowerCase(Locale.ROOT);
        if (lower.length() != snippet.length()) {
            return List.of(); // lower-casing changed offsets (rare scripts): show the snippet unmarked rather than mis-marked
        }
        List<int[]> found = new ArrayList<>();
        highlights.stream().map(Highlight::term).filter(t -> t != null && !t.isBlank() && t.length() <= 200)
                .map(t -> clean(t).strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).distinct()
                .forEach(term -> {
                    for (int at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length())) {
                        found.add(new int[] {at, at + term.length()});
                    }
                });
        found.sort(Comparator.comparingInt((int[] s) -> s[0]).thenComparingInt(s -> -s[1]));
        List<int[]> merged = new ArrayList<>();
        for (int[] span : found) {
            if (!merged.isEmpty() && span[0] <= merged.getLast()[1]) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], span[1]);
            } else {
                merged.add(span.clone());
            }
        }
        return merged;
    }

    private static String title(Alert alert) {
        String title = oneLine(or(alert.document().title(), ""));
        return title.isBlank() ? "(untitled)" : truncate(title, 300);
    }

    private static String time(Alert alert) {
        Instant when = alert.document().published() != null ? alert.document().published() : alert.time();
        return TIME.format(when);
    }

    /** The document URL when it is a well-formed http(s) URL, else null (then shown as plain text, never as a link). */
    private static String link(Alert alert) {
        String url = alert.document().url();
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toASCIIString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Removes control characters (keeping line breaks and tabs) and bidirectional overrides. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n' || c == '\t') {
                out.append((char) c);
            } else if (c == '\r') {
                out.append('\n');
            } else if (!Character.isISOControl(c) && !(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069)
                    && c != 0x200E && c != 0x200F && c != 0x061C) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** {@link #clean} and every run of white space (line breaks included) turned into one space. */
    static String oneLine(String text) {
        return clean(text == null ? "" : text).replaceAll("\\s+", " ").strip();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
