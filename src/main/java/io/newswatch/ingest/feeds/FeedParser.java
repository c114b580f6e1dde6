package io.newswatch.ingest.feeds;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.output.XMLOutputter;

import io.newswatch.text.HtmlText;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.module.DCSubject;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;

/**
 * Reads RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0 with Rome. The first try is strict
 * XML with DOCTYPEs refused (Rome's default, which blocks XXE and entity bombs at the parser);
 * if that fails, {@link XmlRepair} fixes the usual breakage and Rome tries once more. Whatever
 * the input, the outcome is a {@link ParsedFeed} or a {@link FeedParseException} whose message
 * says what is wrong; nothing else escapes.
 */
/**
 * Reads RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3/1.0 (with or without its namespace), CDF and
 * JSON Feed 1.0/1.1. XML is read by {@link FeedXml} (strict first, then repaired, then
 * forgiving), brought into shape by {@link FeedTree} and mapped by Rome; when Rome fails on the
 * whole feed, the entries are mapped one by one and only those Rome cannot read are left out (and
 * named in the notes). Whatever the input, the outcome is a {@link ParsedFeed} or a
 * {@link FeedParseException} whose message says what is wrong (an {@link HtmlPageException} for
 * a web page, with the feeds it announces); nothing else escapes.
 */
public final class FeedParser {
    private static final String NOT_A_FEED = "not an RSS, Atom or JSON feed";
    private static final Pattern XML_LANG = Pattern.compile("\\sxml:lang\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final int MAX_SKIPPED_NAMED = 5;
    private static final Set<String> BODY_ELEMENTS = Set.of("body", "fullitem", "encoded", "summary", "description", "subtitle");

    /**
     * @param contentType the HTTP Content-Type header (for its charset), or {@code null}
     */
    public ParsedFeed parse(byte[] body, String contentType) throws FeedParseException {
        return parse(body, contentType, null);
    }

    /**
     * @param contentType the HTTP Content-Type header (for its charset), or {@code null}
     * @param documentUrl where the body came from, the base of relative links; {@code null} if unknown
     */
    public ParsedFeed parse(byte[] body, String contentType, URI documentUrl) throws FeedParseException {
        if (body == null || body.length == 0) {
            throw new FeedParseException("empty response body (expected an RSS, Atom or JSON feed)");
        }
        FeedText.Decoded decoded = FeedText.decode(body, contentType);
        String text = decoded.text();
        if (text.isBlank()) {
            throw new FeedParseException("blank response body (expected an RSS, Atom or JSON feed)");
        }
        List<String> notes = new ArrayList<>();
        if (decoded.note() != null) {
            notes.add(decoded.note());
        }
        if (JsonFeedParser.looksLikeJson(text)) {
            return JsonFeedParser.parse(text, documentUrl, notes);
        }
        if (HtmlPages.looksLikeHtml(text)) {
            throw HtmlPages.notAFeed(text, documentUrl);
        }
        FeedXml.Read read = FeedXml.read(text);
        notes.addAll(read.notes());
        Document document = read.document();
        Element root = document.getRootElement();
        if (root.getName().equalsIgnoreCase("html")) {
            throw HtmlPages.notAFeed(text, documentUrl);
        }
        notes.addAll(FeedTree.normalize(document, documentUrl));
        return toParsedFeed(build(document, notes, FeedParser::romeBuild), text, notes);
    }

    /** Maps a normalised tree to Rome's model (Rome itself, but replaceable in tests). */
    @FunctionalInterface
    interface TreeMapper {
        SyndFeed map(Document document) throws FeedParseException;
    }

    /** Rome over the whole tree; if that fails, over the channel alone and then entry by entry. */
    static SyndFeed build(Document document, List<String> notes, TreeMapper mapper) throws FeedParseException {
        try {
            return mapper.map(document);
        } catch (FeedParseException whole) {
            Element root = document.getRootElement();
            List<Element> entries = FeedTree.entries(root);
            if (entries.isEmpty() || whole.getMessage().startsWith(NOT_A_FEED)) {
                throw whole;
            }
            List<Element> parents = new ArrayList<>(entries.size());
            List<Integer> positions = new ArrayList<>(entries.size());
            for (Element entry : entries) {
                Element parent = entry.getParentElement();
                parents.add(parent);
                positions.add(parent.indexOf(entry));
            }
            for (int i = entries.size() - 1; i >= 0; i--) {
                entries.get(i).detach();
            }
            SyndFeed feed;
            try {
                feed = mapper.map(document);
            } catch (FeedParseException header) {
                throw new FeedParseException("unreadable feed: " + header.getMessage());
            }
            List<SyndEntry> kept = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Element entry = entries.get(i);
                Element parent = parents.get(i);
                parent.addContent(Math.min(positions.get(i), parent.getContentSize()), entry);
                try {
                    kept.addAll(mapper.map(document).getEntries());
                } catch (FeedParseException e) {
                    if (skipped.size() < MAX_SKIPPED_NAMED) {
                        skipped.add("entry " + (i + 1) + " (" + e.getMessage() + ")");
                    } else {
                        skipped.add("entry " + (i + 1));
                    }
                } finally {
                    entry.detach();
                }
            }
            feed.setEntries(kept);
            if (!skipped.isEmpty()) {
                notes.add("skipped " + skipped.size() + " of " + entries.size() + " entries the feed parser could not read: "
                        + String.join("; ", skipped));
            }
            return feed;
        }
    }

    private static SyndFeed romeBuild(Document document) throws FeedParseException {
        try {
            return new SyndFeedInput().build(document);
        } catch (IllegalArgumentException e) {
            throw new FeedParseException(NOT_A_FEED + " (root element " + describe(document.getRootElement()) + ")");
        } catch (FeedException | RuntimeException | StackOverflowError e) {
            throw new FeedParseException("the feed parser could not map it (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String describe(Element root) {
        return "<" + root.getQualifiedName() + ">" + (root.getNamespaceURI().isEmpty() ? "" : " in namespace " + root.getNamespaceURI());
    }

    /** Atom states its language as {@code xml:lang} on the root, which Rome does not carry over. */
    private static String rootLanguage(String xml) {
        String tag = XmlText.rootTag(xml);
        if (tag == null) {
            return null;
        }
        Matcher lang = XML_LANG.matcher(tag);
        return lang.find() ? lang.group(1) : null;
    }

    private static ParsedFeed toParsedFeed(SyndFeed feed, String xml, List<String> notes) {
        List<FeedItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            items.add(toItem(entry));
        }
        String title = feed.getTitle() == null ? null : blankToNull(HtmlText.fragment(feed.getTitle()));
        String language = blankToNull(feed.getLanguage());
        return new ParsedFeed(title, language != null ? language : blankToNull(rootLanguage(xml)), items, notes);
    }

    static FeedItem toItem(SyndEntry entry) {
        SyndContent titleContent = entry.getTitleEx();
        String title = titleContent != null ? text(titleContent) : entry.getTitle() == null ? null : HtmlText.fragment(entry.getTitle());
        SyndContent body = null;
        for (SyndContent content : entry.getContents()) {
            if (content.getValue() != null && (body == null || content.getValue().length() > body.getValue().length())) {
                body = content;
            }
        }
        if (body == null || body.getValue().isBlank()) {
            body = entry.getDescription();
        }
        String bodyText = body == null ? "" : text(body);
        DCModule dc = entry.getModule(DCModule.URI) instanceof DCModule module ? module : null;
        if (bodyText.isEmpty() && dc != null && dc.getDescription() != null) {
            bodyText = HtmlText.fragment(dc.getDescription());
        }
        if (bodyText.isEmpty()) {
            bodyText = foreignText(entry, BODY_ELEMENTS);
        }
        if ((title == null || title.isBlank()) && dc != null && dc.getTitle() != null) {
            title = HtmlText.fragment(dc.getTitle());
        }
        if (title == null || title.isBlank()) {
            title = foreignText(entry, Set.of("title"));
        }
        return new FeedItem(
                blankToNull(entry.getUri()),
                link(entry),
                blankToNull(title),
                bodyText,
                instant(entry.getPublishedDate()),
                instant(entry.getUpdatedDate()),
                authors(entry),
                categories(entry));
    }

    /**
     * Text of the first extension element with one of these local names that Rome left
     * unmapped ({@code <xhtml:body>}, {@code <fullitem>}, {@code <media:title>},
     * {@code <itunes:summary>}...), for items that have nothing else.
     */
    private static String foreignText(SyndEntry entry, Set<String> names) {
        for (Element e : entry.getForeignMarkup()) {
            if (names.contains(e.getName())) {
                String text = e.getChildren().isEmpty() ? HtmlText.fragment(e.getText())
                        : HtmlText.fragment(new XMLOutputter().outputElementContentString(e));
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    private static String link(SyndEntry entry) {
        if (entry.getLink() != null && !entry.getLink().isBlank()) {
            return entry.getLink().strip();
        }
        for (SyndLink link : entry.getLinks()) {
            if ((link.getRel() == null || link.getRel().equals("alternate")) && link.getHref() != null && !link.getHref().isBlank()) {
                return link.getHref().strip();
            }
        }
        return null;
    }

    private static String text(SyndContent content) {
        String type = content.getType() == null ? "" : content.getType().toLowerCase(Locale.ROOT);
        return type.equals("text") || type.equals("text/plain")
                ? HtmlText.plain(content.getValue())
                : HtmlText.fragment(content.getValue());
    }

    private static List<String> authors(SyndEntry entry) {
        Set<String> names = new LinkedHashSet<>();
        for (SyndPerson person : entry.getAuthors()) {
            String name = person.getName() != null && !person.getName().isBlank() ? person.getName() : person.getEmail();
            addText(names, name);
        }
        addText(names, entry.getAuthor());
        return List.copyOf(names);
    }

    private static List<String> categories(SyndEntry entry) {
        Set<String> names = new LinkedHashSet<>();
        for (SyndCategory category : entry.getCategories()) {
            addText(names, category.getName());
        }
        if (entry.getModule(DCModule.URI) instanceof DCModule dc) {
            for (DCSubject subject : dc.getSubjects()) {
                addText(names, subject.getValue());
            }
        }
        return List.copyOf(names);
    }

    private static void addText(Set<String> into, String value) {
        if (value != null) {
            String text = HtmlText.plain(value).replace('\n', ' ');
            if (!text.isEmpty()) {
                into.add(text);
            }
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
