package io.newswatch.ingest.feeds;

import io.newswatch.text.HtmlText;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.module.DCSubject;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.ParsingFeedException;
import com.rometools.rome.io.SyndFeedInput;

/**
 * Reads RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0 with Rome. The first try is strict
 * XML with DOCTYPEs refused (Rome's default, which blocks XXE and entity bombs at the parser);
 * if that fails, {@link XmlRepair} fixes the usual breakage and Rome tries once more. Whatever
 * the input, the outcome is a {@link ParsedFeed} or a {@link FeedParseException} whose message
 * says what is wrong; nothing else escapes.
 */
public final class FeedParser {
    private static final String NOT_A_FEED = "not an RSS or Atom document";
    private static final Pattern XML_LANG = Pattern.compile("\\sxml:lang\\s*=\\s*[\"']([^\"']*)[\"']");

    /**
     * @param contentType the HTTP Content-Type header (for its charset), or {@code null}
     */
    public ParsedFeed parse(byte[] body, String contentType) throws FeedParseException {
        if (body == null || body.length == 0) {
            throw new FeedParseException("empty response body (expected an RSS or Atom document)");
        }
        FeedText.Decoded decoded = FeedText.decode(body, contentType);
        if (decoded.text().isBlank()) {
            throw new FeedParseException("blank response body (expected an RSS or Atom document)");
        }
        List<String> notes = new ArrayList<>();
        if (decoded.note() != null) {
            notes.add(decoded.note());
        }
        SyndFeed feed;
        String xml = decoded.text();
        try {
            feed = build(xml);
        } catch (FeedParseException strictFailure) {
            XmlRepair.Result repaired = XmlRepair.repair(decoded.text());
            if (repaired.changes().isEmpty()) {
                throw strictFailure;
            }
            xml = repaired.text();
            try {
                feed = build(xml);
            } catch (FeedParseException lenientFailure) {
                if (lenientFailure.getMessage().startsWith(NOT_A_FEED)) {
                    throw lenientFailure; // well-formed once repaired, but some other kind of document
                }
                throw new FeedParseException(strictFailure.getMessage() + "; still unreadable after repair ("
                        + String.join(", ", repaired.changes()) + "): " + lenientFailure.getMessage());
            }
            notes.add("repaired malformed XML: " + String.join(", ", repaired.changes()));
        }
        return toParsedFeed(feed, xml, notes);
    }

    private static SyndFeed build(String xml) throws FeedParseException {
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(true);
        try {
            return input.build(new StringReader(xml));
        } catch (ParsingFeedException e) {
            String where = e.getLineNumber() > 0 ? " at line " + e.getLineNumber() : "";
            throw new FeedParseException("not well-formed XML" + where + ": " + xmlReason(e));
        } catch (IllegalArgumentException e) {
            throw new FeedParseException(NOT_A_FEED + " (root element " + rootElement(xml) + ")");
        } catch (FeedException e) {
            throw new FeedParseException("unreadable feed: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            throw new FeedParseException("the feed parser failed on this document (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static String xmlReason(ParsingFeedException e) {
        Throwable cause = e.getCause();
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        message = message.replaceFirst("^Invalid XML: ", "").replaceFirst("^Error on line \\d+: ", "");
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    private static String rootElement(String xml) {
        String name = XmlText.rootName(xml);
        return name == null ? "missing" : "<" + name + ">";
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

    private static FeedItem toItem(SyndEntry entry) {
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
        return new FeedItem(
                blankToNull(entry.getUri()),
                link(entry),
                blankToNull(title),
                body == null ? "" : text(body),
                instant(entry.getPublishedDate()),
                instant(entry.getUpdatedDate()),
                authors(entry),
                categories(entry));
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
