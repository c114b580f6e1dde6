package io.newswatch.ingest.feeds;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.newswatch.document.Document;
import io.newswatch.document.DocumentIds;
import io.newswatch.text.CleanText;
import io.newswatch.text.TextCleaner;

/**
 * Turns parsed items into {@link Document}s, with the keys that identify them for
 * deduplication. An item's id is the hash of its canonical link, so one article in two feeds is
 * one document; an item without a link is identified by its guid prefixed with the feed URL, and
 * one with neither by the hash of the feed URL, its title and its text.
 * The guid key is also remembered for linked items, so an item whose link changes (tracking
 * parameters aside) but whose guid does not is still recognised.
 */
final class FeedDocuments {
    /** Dates further ahead than this are publisher clock or time-zone mistakes. */
    static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final int DERIVED_TITLE_LENGTH = 120;
    private static final Pattern ABSOLUTE_HTTP = Pattern.compile("(?i)https?://");
    private static final Pattern LANGUAGE = Pattern.compile("\\s*([a-zA-Z]{2,3})(?:[-_].*)?");

    /**
     * @param keys every key under which the item counts as seen (document id first)
     */
    record FeedDocument(Document document, List<String> keys) {}

    private final String defaultLanguage;

    FeedDocuments(String defaultLanguage) {
        this.defaultLanguage = defaultLanguage;
    }

    /**
     * @param feedUrl  the URL as listed (the identity used for guid-based ids, stable across moves)
     * @param fetchUrl the URL the document was fetched from (the base for relative links)
     * @return documents oldest first, so consumers see a feed's news in order
     */
    List<FeedDocument> toDocuments(ParsedFeed feed, FeedSpec spec, URI fetchUrl, Instant fetchedAt) {
        String source = spec.name() != null ? spec.name() : feed.title() != null ? feed.title() : host(spec.url());
        String language = spec.language() != null ? spec.language() : language(feed.language());
        List<FeedDocument> documents = new ArrayList<>();
        for (FeedItem item : feed.items()) {
            toDocument(item, spec.url(), fetchUrl, source, language, fetchedAt).ifPresent(documents::add);
        }
        documents.sort(Comparator.comparing(d -> d.document().published()));
        return documents;
    }

    private Optional<FeedDocument> toDocument(FeedItem item, String feedUrl, URI fetchUrl, String source,
                                              String language, Instant fetchedAt) {
        Optional<String> link = CanonicalUrl.of(item.link(), fetchUrl);
        if (link.isEmpty() && item.guid() != null && ABSOLUTE_HTTP.matcher(item.guid()).lookingAt()) {
            link = CanonicalUrl.of(item.guid(), fetchUrl);
        }
        String guidKey = item.guid() == null ? null : DocumentIds.forUrl(feedUrl + "#" + item.guid());
        String id;
        List<String> keys = new ArrayList<>(2);
        if (link.isPresent()) {
            id = DocumentIds.forUrl(link.get());
            keys.add(id);
            if (guidKey != null) {
                keys.add(guidKey);
            }
        } else if (guidKey != null) {
            id = guidKey;
            keys.add(id);
        } else if (item.title() != null || (item.body() != null && !item.body().isEmpty())) {
            id = contentKey(feedUrl, item); // as Miniflux and rss2email do: the item is what it says
            keys.add(id);
        } else {
            return Optional.empty(); // no link, no guid and no text: nothing to publish or to recognise
        }
        CleanText clean = clean(item);
        String body = clean.body();
        String title = item.title() != null ? item.title() : clean.title() != null ? clean.title() : derivedTitle(body);
        if (title == null && body.isEmpty()) {
            return Optional.empty();
        }
        Instant published = item.published() != null ? item.published() : item.updated();
        if (published == null || published.isAfter(fetchedAt.plus(FUTURE_TOLERANCE))) {
            published = fetchedAt;
        }
        Document document = new Document(id, source, link.orElse(feedUrl), title == null ? "" : title, body, published,
                language, fetchedAt, item.authors(), item.categories());
        return Optional.of(new FeedDocument(document, List.copyOf(keys)));
    }

    /**
     * The id of an item with neither link nor guid: the hash of the listed feed URL, its title and
     * its text. It stays the same on every poll while the item's text does not change; an edited
     * item is a new item, as it is for Miniflux and rss2email.
     */
    static String contentKey(String feedUrl, FeedItem item) {
        return DocumentIds.forUrl(feedUrl + "#content:" + (item.title() == null ? "" : item.title()) + "\n"
                + (item.body() == null ? "" : item.body()));
    }

    /**
     * The item's text through the same cleanup as a file's ({@link TextCleaner}: debris lines, hard
     * wraps, a repeated headline), so one article matches the same whether it came from a feed or a
     * file. The parser gives one line per HTML block; each becomes a paragraph, as in a saved page.
     */
    static CleanText clean(FeedItem item) {
        String body = item.body() == null ? "" : item.body();
        if (body.isBlank()) {
            return new CleanText(item.title(), "");
        }
        CleanText clean = TextCleaner.clean(body.replace("\n", "\n\n"), item.title());
        return clean.isEmpty() && item.title() == null ? new CleanText(null, body) : clean;
    }

    private static String derivedTitle(String body) {
        if (body.isEmpty()) {
            return null;
        }
        String firstLine = body.lines().findFirst().orElse(body);
        if (firstLine.length() <= DERIVED_TITLE_LENGTH) {
            return firstLine;
        }
        int cut = firstLine.lastIndexOf(' ', DERIVED_TITLE_LENGTH);
        return firstLine.substring(0, cut > DERIVED_TITLE_LENGTH / 2 ? cut : DERIVED_TITLE_LENGTH) + "…";
    }

    private String language(String declared) {
        if (declared != null) {
            Matcher m = LANGUAGE.matcher(declared);
            if (m.matches()) {
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return defaultLanguage;
    }

    private static String host(String url) {
        String host = URI.create(url).getHost();
        return host == null ? url : host.toLowerCase(Locale.ROOT);
    }
}
