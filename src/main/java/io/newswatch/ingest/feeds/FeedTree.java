package io.newswatch.ingest.feeds;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jdom2.Attribute;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.output.XMLOutputter;

/**
 * Brings the feed dialects Rome does not read, or reads wrongly, into a shape it does, working on
 * the parsed tree before Rome sees it:
 * <ul>
 * <li>{@code xml:base} (on any element) and the document's URL are applied to every link, so
 * relative links resolve where the publisher meant;</li>
 * <li>Atom written without the Atom namespace gets it;</li>
 * <li>{@code <rss>} of a version Rome does not know (0.9, none, 3.0) is read as RSS 2.0, and an
 * {@code <rss>} without {@code <channel>} gets one around its content;</li>
 * <li>RSS items linked only by {@code <atom:link>} or an Atom-style {@code <link href="..."/>} get
 * that link as their {@code <link>};</li>
 * <li>Microsoft's Channel Definition Format (CDF) is rewritten as RSS 2.0.</li>
 * </ul>
 */
final class FeedTree {
    static final Namespace ATOM10 = Namespace.getNamespace("http://www.w3.org/2005/Atom");
    static final Namespace ATOM03 = Namespace.getNamespace("http://purl.org/atom/ns#");
    private static final Set<String> RSS_VERSIONS = Set.of("0.91", "0.92", "0.93", "0.94", "2.0");

    private FeedTree() {}

    /** @return what was changed, for the feed's notes */
    static List<String> normalize(Document document, URI documentUrl) {
        List<String> notes = new ArrayList<>();
        Element root = document.getRootElement();
        String name = root.getName().toLowerCase(Locale.ROOT);
        if (name.equals("channel") && root.getNamespace().equals(Namespace.NO_NAMESPACE)) {
            root = cdfToRss(document);
            notes.add("read Channel Definition Format (CDF) as RSS");
        } else if (name.equals("feed") && root.getNamespace().equals(Namespace.NO_NAMESPACE)) {
            Namespace atom = "0.3".equals(root.getAttributeValue("version")) ? ATOM03 : ATOM10;
            setNamespace(root, atom);
            notes.add("read Atom without its namespace as Atom");
        } else if (root.getName().equals("rss") && root.getNamespace().equals(Namespace.NO_NAMESPACE)) {
            String version = root.getAttributeValue("version");
            String v = version == null ? "" : version.strip();
            if (!RSS_VERSIONS.contains(v) && !v.startsWith("2.")) {
                root.setAttribute("version", "2.0");
                notes.add("read <rss version=\"" + (version == null ? "" : version) + "\"> as RSS 2.0");
            } else if (!v.equals(version)) {
                root.setAttribute("version", v);
            }
            if (root.getChild("channel") == null) {
                Element channel = new Element("channel");
                channel.addContent(root.removeContent());
                root.addContent(channel);
                notes.add("<rss> without <channel>: read its content as the channel");
            }
        }
        if (hoistEntries(root)) {
            notes.add("moved entries nested in other elements (an unclosed element before them) back into the feed");
        }
        decodeBase64(root);
        resolveLinks(root, documentUrl);
        linkRssItems(root);
        describeRssItems(root);
        return notes;
    }

    /** The elements that are the feed's entries (items), in document order. */
    static List<Element> entries(Element root) {
        List<Element> entries = new ArrayList<>();
        collectEntries(root, entries);
        Element channel = child(root, "channel");
        if (channel != null) {
            collectEntries(channel, entries);
        }
        return entries;
    }

    /**
     * After the forgiving parse, an element left open before the first entry (an unclosed
     * {@code <itunes:category>}) swallows every entry; they are moved back to where they belong.
     */
    private static boolean hoistEntries(Element root) {
        Element container = root.getName().equals("rss") ? child(root, "channel") : root;
        if (container == null) {
            return false;
        }
        List<Element> nested = new ArrayList<>();
        for (Element child : container.getChildren()) {
            if (!child.getName().equals("item") && !child.getName().equals("entry")) {
                collectNested(child, nested);
            }
        }
        for (Element entry : nested) {
            container.addContent(entry.detach());
        }
        return !nested.isEmpty();
    }

    private static void collectNested(Element element, List<Element> into) {
        for (Element child : element.getChildren()) {
            if ((child.getName().equals("item") || child.getName().equals("entry"))
                    && child.getNamespace().equals(element.getParentElement() == null ? child.getNamespace() : child.getNamespace())
                    && (child.getNamespace().equals(Namespace.NO_NAMESPACE) || child.getNamespace().equals(ATOM10)
                        || child.getNamespace().equals(ATOM03) || child.getNamespaceURI().equals("http://purl.org/rss/1.0/"))) {
                into.add(child);
            } else {
                collectNested(child, into);
            }
        }
    }

    /**
     * Atom 0.3 {@code mode="base64"} content is decoded here, leniently; Rome's own decoder fails
     * (an index out of bounds) on padding it does not expect.
     */
    private static void decodeBase64(Element root) {
        if (!root.getNamespace().equals(ATOM03)) {
            return;
        }
        for (Element entry : root.getChildren("entry", ATOM03)) {
            for (Element e : entry.getChildren()) {
                if ("base64".equals(e.getAttributeValue("mode"))) {
                    String decoded;
                    try {
                        decoded = new String(Base64.getMimeDecoder().decode(e.getTextTrim()), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException notBase64) {
                        decoded = "";
                    }
                    e.setText(decoded);
                    e.setAttribute("mode", "escaped");
                }
            }
        }
    }

    private static void collectEntries(Element parent, List<Element> into) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equals("item") || e.getName().equals("entry")) {
                into.add(e);
            }
        }
    }

    private static Element child(Element parent, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static void setNamespace(Element element, Namespace namespace) {
        if (element.getNamespace().equals(Namespace.NO_NAMESPACE)) {
            element.setNamespace(namespace);
        }
        if (element.getName().equals("content") || element.getName().equals("summary")
                || element.getName().equals("title")) {
            return; // inline XHTML stays as it is
        }
        for (Element child : element.getChildren()) {
            setNamespace(child, namespace);
        }
    }

    /**
     * Applies {@code xml:base} and the document URL to Atom link {@code href}s and RSS
     * {@code <link>} texts, then drops {@code xml:base} (Rome's own handling of it fails on
     * relative bases).
     */
    private static void resolveLinks(Element element, URI base) {
        Attribute xmlBase = element.getAttribute("base", Namespace.XML_NAMESPACE);
        if (xmlBase != null) {
            URI resolved = resolve(base, xmlBase.getValue());
            base = resolved != null ? resolved : base;
            element.removeAttribute(xmlBase);
        }
        if (element.getName().equals("link") && base != null) {
            Attribute href = element.getAttribute("href");
            if (href != null) {
                URI absolute = resolve(base, href.getValue());
                if (absolute != null && !href.getValue().isBlank()) {
                    href.setValue(absolute.toString());
                }
            } else if (element.getNamespace().equals(Namespace.NO_NAMESPACE) && element.getChildren().isEmpty()) {
                String text = element.getTextTrim();
                URI absolute = text.isEmpty() ? null : resolve(base, text);
                if (absolute != null) {
                    element.setText(absolute.toString());
                }
            }
        }
        for (Element child : element.getChildren()) {
            resolveLinks(child, base);
        }
    }

    private static URI resolve(URI base, String reference) {
        try {
            URI ref = new URI(reference.strip().replace(" ", "%20"));
            if (ref.isAbsolute() || base == null) {
                return ref.isAbsolute() ? ref : null;
            }
            if (base.isOpaque()) {
                return ref;
            }
            return base.resolve(ref);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null; // left as written
        }
    }

    /** An RSS item without a usable {@code <link>} takes its alternate {@code atom:link}. */
    private static void linkRssItems(Element root) {
        if (!(root.getName().equals("rss") || root.getName().equals("RDF"))) {
            return;
        }
        for (Element item : entries(root)) {
            Element link = null;
            for (Element e : item.getChildren()) {
                if (e.getName().equals("link") && e.getNamespace().equals(item.getNamespace())) {
                    link = e;
                    break;
                }
            }
            if (link != null && !link.getTextTrim().isEmpty()) {
                continue;
            }
            String href = null;
            for (Element e : item.getChildren()) {
                String rel = e.getAttributeValue("rel");
                if (e.getName().equals("link") && e.getAttributeValue("href") != null
                        && !e.getAttributeValue("href").isBlank() && (rel == null || rel.equals("alternate"))) {
                    href = e.getAttributeValue("href").strip();
                    break;
                }
            }
            if (href == null) {
                continue;
            }
            if (link == null) {
                link = new Element("link", item.getNamespace());
                item.addContent(link);
            }
            link.setText(href);
        }
    }

    /**
     * An RSS item without {@code <description>} takes the text of {@code <fullitem>} or
     * {@code <xhtml:body>}, which Rome does not read.
     */
    private static void describeRssItems(Element root) {
        if (!root.getName().equals("rss") && !root.getName().equals("RDF")) {
            return;
        }
        for (Element item : entries(root)) {
            for (Element e : item.getChildren()) {
                if ((e.getName().equals("title") || e.getName().equals("description"))
                        && e.getNamespace().equals(item.getNamespace()) && !e.getChildren().isEmpty()) {
                    e.setText(new XMLOutputter().outputElementContentString(e)); // naked markup, read as HTML
                }
            }
            if (!root.getName().equals("rss")) {
                continue;
            }
            if (item.getChild("description", item.getNamespace()) != null) {
                continue;
            }
            for (Element e : item.getChildren()) {
                String html = null;
                if (e.getName().equals("fullitem")) {
                    html = e.getChildren().isEmpty() ? e.getText() : new XMLOutputter().outputElementContentString(e);
                } else if (e.getName().equals("body") && (e.getNamespaceURI().equals("http://www.w3.org/1999/xhtml")
                        || e.getNamespace().equals(Namespace.NO_NAMESPACE))) {
                    html = new XMLOutputter().outputElementContentString(e);
                }
                if (html != null && !html.isBlank()) {
                    item.addContent(new Element("description", item.getNamespace()).setText(html));
                    break;
                }
            }
        }
    }

    /**
     * CDF: {@code <CHANNEL HREF><TITLE/><ABSTRACT/><ITEM HREF LASTMOD><TITLE/><ABSTRACT/></ITEM>...},
     * channels nested at any depth; names and attributes in any case.
     */
    private static Element cdfToRss(Document document) {
        Element cdf = document.detachRootElement();
        Element rss = new Element("rss").setAttribute("version", "2.0");
        Element channel = new Element("channel");
        rss.addContent(channel);
        channel.addContent(new Element("title").setText(childText(cdf, "title")));
        channel.addContent(new Element("link").setText(attribute(cdf, "href")));
        channel.addContent(new Element("description").setText(childText(cdf, "abstract")));
        addCdfItems(cdf, channel);
        document.setRootElement(rss);
        return rss;
    }

    private static void addCdfItems(Element cdfChannel, Element channel) {
        for (Element e : cdfChannel.getChildren()) {
            String name = e.getName().toLowerCase(Locale.ROOT);
            if (name.equals("item")) {
                Element item = new Element("item");
                item.addContent(new Element("title").setText(childText(e, "title")));
                String href = attribute(e, "href");
                if (!href.isEmpty()) {
                    item.addContent(new Element("link").setText(href));
                }
                item.addContent(new Element("description").setText(childText(e, "abstract")));
                channel.addContent(item);
            } else if (name.equals("channel")) {
                addCdfItems(e, channel);
            }
        }
    }

    private static String childText(Element parent, String name) {
        for (Element e : parent.getChildren()) {
            if (e.getName().equalsIgnoreCase(name)) {
                return e.getTextTrim();
            }
        }
        return "";
    }

    private static String attribute(Element element, String name) {
        for (Attribute a : element.getAttributes()) {
            if (a.getName().equalsIgnoreCase(name)) {
                return a.getValue().strip();
            }
        }
        return "";
    }
}
