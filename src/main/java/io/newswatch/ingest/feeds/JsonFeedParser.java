package io.newswatch.ingest.feeds;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.newswatch.text.HtmlText;

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). An item's {@code url} (else
 * {@code external_url}) is its link and {@code id} its guid; {@code content_html} (else
 * {@code content_text}, else {@code summary}) its body; {@code authors} (1.1) or {@code author}
 * (1.0), and {@code tags}. An item that is not an object, or whose fields have the wrong type,
 * is left out alone.
 */
final class JsonFeedParser {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private JsonFeedParser() {}

    static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    static ParsedFeed parse(String text, URI documentUrl, List<String> notes) throws FeedParseException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new FeedParseException("not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("version").asText("").startsWith("https://jsonfeed.org/version/")) {
            throw new FeedParseException("a JSON document but not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")");
        }
        JsonNode items = root.path("items");
        if (!items.isArray()) {
            throw new FeedParseException("JSON Feed without an \"items\" array");
        }
        List<FeedItem> parsed = new ArrayList<>();
        int skipped = 0;
        for (JsonNode item : items) {
            if (!item.isObject()) {
                skipped++;
                continue;
            }
            parsed.add(item(item, documentUrl));
        }
        List<String> allNotes = new ArrayList<>(notes);
        if (skipped > 0) {
            allNotes.add("skipped " + skipped + " JSON Feed items that are not objects");
        }
        String title = FeedParser.blankToNull(HtmlText.plain(string(root, "title")));
        String language = FeedParser.blankToNull(string(root, "language"));
        return new ParsedFeed(title, language, parsed, allNotes);
    }

    private static FeedItem item(JsonNode item, URI documentUrl) {
        String link = FeedParser.blankToNull(string(item, "url"));
        if (link == null) {
            link = FeedParser.blankToNull(string(item, "external_url"));
        }
        if (link != null && documentUrl != null) {
            link = CanonicalUrl.of(link, documentUrl).orElse(link);
        }
        String body;
        if (!string(item, "content_html").isBlank()) {
            body = HtmlText.fragment(string(item, "content_html"));
        } else if (!string(item, "content_text").isBlank()) {
            body = HtmlText.plain(string(item, "content_text"));
        } else {
            body = HtmlText.plain(string(item, "summary"));
        }
        Set<String> authors = new LinkedHashSet<>();
        for (JsonNode author : item.path("authors")) {
            addName(authors, author);
        }
        addName(authors, item.path("author"));
        Set<String> tags = new LinkedHashSet<>();
        for (JsonNode tag : item.path("tags")) {
            if (tag.isTextual() && !tag.asText().isBlank()) {
                tags.add(tag.asText().strip());
            }
        }
        String title = FeedParser.blankToNull(HtmlText.plain(string(item, "title")));
        return new FeedItem(FeedParser.blankToNull(item.path("id").isValueNode() ? item.path("id").asText("") : ""), link, title,
                body, date(string(item, "date_published")), date(string(item, "date_modified")),
                List.copyOf(authors), List.copyOf(tags));
    }

    private static void addName(Set<String> into, JsonNode author) {
        String name = string(author, "name");
        if (!name.isBlank()) {
            into.add(name.strip());
        }
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private static Instant date(String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
