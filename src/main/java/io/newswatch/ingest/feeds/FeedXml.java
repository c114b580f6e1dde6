package io.newswatch.ingest.feeds;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jdom2.CDATA;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.IllegalDataException;
import org.jdom2.IllegalNameException;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.jdom2.Text;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.jsoup.parser.Parser;

import com.rometools.rome.io.impl.XmlFixerReader;

/**
 * Reads feed text into a JDOM tree, as strictly as the document allows and as leniently as it
 * needs, in three tries:
 * <ol>
 * <li>strict XML, DOCTYPEs refused (no XXE, no entity bombs), HTML entities healed by Rome's
 * {@link XmlFixerReader};</li>
 * <li>the text repaired by {@link XmlRepair} (junk before the prolog, entities, forbidden
 * characters, undeclared well-known namespace prefixes, the DOCTYPE removed), strict again;</li>
 * <li>the repaired text through jsoup's forgiving XML tree builder, which closes what was left
 * open (an unclosed {@code <p>} in a description, a file cut off in the middle) the way a
 * browser would, so everything before the damage is kept.</li>
 * </ol>
 * None of them resolves external entities or reads a DTD.
 */
final class FeedXml {
    private FeedXml() {}

    /**
     * @param document the tree
     * @param notes    what had to be repaired to get it (empty for a well-formed document)
     */
    record Read(Document document, List<String> notes) {}

    static Read read(String text) throws FeedParseException {
        String strictFailure;
        try {
            return new Read(strict(text, true), List.of());
        } catch (FeedParseException e) {
            strictFailure = e.getMessage();
        }
        XmlRepair.Result repaired = XmlRepair.repair(text);
        List<String> notes = new ArrayList<>();
        if (!repaired.changes().isEmpty()) {
            try {
                Document document = strict(repaired.text(), false);
                notes.add("repaired malformed XML: " + String.join(", ", repaired.changes()));
                return new Read(document, notes);
            } catch (FeedParseException e) {
                // fall through to the forgiving parser
            }
        }
        Document document = forgiving(repaired.text(), strictFailure);
        List<String> changes = new ArrayList<>(repaired.changes());
        changes.add("closed elements left open or cut off (" + strictFailure + ")");
        notes.add("repaired malformed XML: " + String.join(", ", changes));
        return new Read(document, notes);
    }

    private static Document strict(String text, boolean heal) throws FeedParseException {
        SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
        builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
        builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        builder.setExpandEntities(false);
        builder.setEntityResolver((publicId, systemId) -> new org.xml.sax.InputSource(new StringReader("")));
        try {
            return builder.build(heal ? new XmlFixerReader(new StringReader(text)) : new StringReader(text));
        } catch (JDOMException e) {
            throw new FeedParseException("not well-formed XML" + where(e) + ": " + reason(e));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new FeedParseException("not well-formed XML: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static Document forgiving(String text, String strictFailure) throws FeedParseException {
        try {
            org.jsoup.nodes.Document parsed = Parser.xmlParser().parseInput(text, "");
            Element root = null;
            for (org.jsoup.nodes.Element e : parsed.children()) {
                root = toJdom(e, Map.of());
                if (root != null) {
                    break;
                }
            }
            if (root == null) {
                throw new FeedParseException(strictFailure);
            }
            return new Document(root);
        } catch (FeedParseException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new FeedParseException(strictFailure + "; still unreadable after repair ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * One jsoup element as a JDOM element with real namespaces (from the {@code xmlns}
     * attributes in scope); an element whose name XML cannot hold is dropped, its content kept
     * in its parent by the caller's loop.
     */
    private static Element toJdom(org.jsoup.nodes.Element source, Map<String, String> inScope) {
        Map<String, String> namespaces = inScope;
        for (org.jsoup.nodes.Attribute a : source.attributes()) {
            String key = a.getKey();
            if (key.equals("xmlns") || key.startsWith("xmlns:")) {
                if (namespaces == inScope) {
                    namespaces = new HashMap<>(inScope);
                }
                namespaces.put(key.equals("xmlns") ? "" : key.substring(6), a.getValue());
            }
        }
        Element element;
        try {
            element = new Element(localName(source.tagName()), namespace(prefix(source.tagName()), namespaces));
        } catch (IllegalNameException | IllegalDataException e) {
            return null;
        }
        for (org.jsoup.nodes.Attribute a : source.attributes()) {
            String key = a.getKey();
            if (key.equals("xmlns") || key.startsWith("xmlns:")) {
                continue;
            }
            try {
                String prefix = prefix(key);
                Namespace ns = prefix.isEmpty() ? Namespace.NO_NAMESPACE
                        : prefix.equals("xml") ? Namespace.XML_NAMESPACE : namespace(prefix, namespaces);
                element.setAttribute(localName(key), a.getValue(), ns);
            } catch (IllegalNameException | IllegalDataException e) {
                // an attribute XML cannot hold; the rest of the element is kept
            }
        }
        addChildren(source, element, namespaces);
        return element;
    }

    private static void addChildren(org.jsoup.nodes.Element source, Element target, Map<String, String> namespaces) {
        for (org.jsoup.nodes.Node node : source.childNodes()) {
            try {
                if (node instanceof org.jsoup.nodes.CDataNode cdata) {
                    target.addContent(new CDATA(cdata.getWholeText()));
                } else if (node instanceof org.jsoup.nodes.TextNode t) {
                    target.addContent(new Text(t.getWholeText()));
                } else if (node instanceof org.jsoup.nodes.Element e) {
                    Element child = toJdom(e, namespaces);
                    if (child != null) {
                        target.addContent(child);
                    } else {
                        addChildren(e, target, namespaces);
                    }
                }
            } catch (IllegalDataException e) {
                // text XML cannot hold (already filtered by the repair; kept out to be safe)
            }
        }
    }

    private static Namespace namespace(String prefix, Map<String, String> namespaces) {
        String uri = namespaces.get(prefix);
        if (uri == null) {
            if (prefix.isEmpty()) {
                return Namespace.NO_NAMESPACE;
            }
            uri = XmlRepair.WELL_KNOWN_NAMESPACES.getOrDefault(prefix, "urn:x-newswatch:undeclared:" + prefix);
        }
        return prefix.isEmpty() ? Namespace.getNamespace(uri) : Namespace.getNamespace(prefix, uri);
    }

    private static String prefix(String name) {
        int colon = name.indexOf(':');
        return colon > 0 ? name.substring(0, colon) : "";
    }

    private static String localName(String name) {
        int colon = name.indexOf(':');
        return colon > 0 ? name.substring(colon + 1) : name;
    }

    private static String where(JDOMException e) {
        if (e instanceof org.jdom2.input.JDOMParseException p && p.getLineNumber() > 0) {
            return " at line " + p.getLineNumber();
        }
        return "";
    }

    private static String reason(JDOMException e) {
        Throwable cause = e.getCause();
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        message = message.replaceFirst("^Invalid XML: ", "").replaceFirst("^Error on line \\d+: ", "");
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
