package io.newswatch.ingest.feeds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Entities;

/**
 * The lenient second try for feeds that are not well-formed XML, fixing the breakage seen most in
 * the wild: junk before the prolog, HTML entities ({@code &nbsp;}) and bare ampersands, control
 * characters and stray bytes. It also removes any DOCTYPE, which is what makes an XXE or
 * entity-bomb feed harmless: without its declaration an entity reference is no longer a
 * reference, so it is escaped and stays in the text as written, never expanded or fetched.
 */
final class XmlRepair {
    /** Characters XML 1.0 forbids even as references; lone surrogates are matched too. */
    private static final Pattern NOT_XML_CHAR = Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");
    private static final Pattern AMPERSAND = Pattern.compile("&(?:#([0-9]{1,8});|#[xX]([0-9a-fA-F]{1,8});|([A-Za-z][A-Za-z0-9]{0,31});)?");
    private static final Set<String> XML_ENTITIES = Set.of("amp", "lt", "gt", "quot", "apos");

    /** {@code <prefix:name} or {@code  prefix:name=} (an attribute). */
    private static final Pattern PREFIXED_NAME = Pattern.compile(
            "</?([A-Za-z_][A-Za-z0-9_.-]*):[A-Za-z_]|\\s([A-Za-z_][A-Za-z0-9_.-]*):[A-Za-z_][A-Za-z0-9_.-]*\\s*=\\s*[\"']");
    private static final Pattern PREFIX_DECLARATION = Pattern.compile("xmlns:([A-Za-z_][A-Za-z0-9_.-]*)\\s*=");
    private static final int MAX_PLACEHOLDER_PREFIXES = 50;
    /** Prefixes feeds use without declaring them, with the namespace they always mean. */
    static final Map<String, String> WELL_KNOWN_NAMESPACES = Map.ofEntries(
            Map.entry("dc", "http://purl.org/dc/elements/1.1/"),
            Map.entry("dcterms", "http://purl.org/dc/terms/"),
            Map.entry("content", "http://purl.org/rss/1.0/modules/content/"),
            Map.entry("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
            Map.entry("wfw", "http://wellformedweb.org/CommentAPI/"),
            Map.entry("media", "http://search.yahoo.com/mrss/"),
            Map.entry("atom", "http://www.w3.org/2005/Atom"),
            Map.entry("slash", "http://purl.org/rss/1.0/modules/slash/"),
            Map.entry("sy", "http://purl.org/rss/1.0/modules/syndication/"),
            Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
            Map.entry("georss", "http://www.georss.org/georss"),
            Map.entry("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
            Map.entry("feedburner", "http://rssnamespace.org/feedburner/ext/1.0"),
            Map.entry("thr", "http://purl.org/syndication/thread/1.0"),
            Map.entry("xhtml", "http://www.w3.org/1999/xhtml"),
            Map.entry("trackback", "http://madskills.com/public/xml/rss/module/trackback/"),
            Map.entry("admin", "http://webns.net/mvcb/"),
            Map.entry("googleplay", "http://www.google.com/schemas/play-podcasts/1.0"),
            Map.entry("podcast", "https://podcastindex.org/namespace/1.0"));

    private XmlRepair() {}

    /** The repaired text and what was changed, for the feed's notes. */
    record Result(String text, List<String> changes) {}

    static Result repair(String xml) {
        List<String> changes = new ArrayList<>();
        String text = xml;
        int start = text.indexOf('<');
        if (start > 0) {
            text = text.substring(start);
            changes.add("dropped " + start + " characters before the first tag");
        }
        String withoutDoctype = withoutDoctypes(text);
        if (withoutDoctype.length() != text.length()) {
            text = withoutDoctype;
            changes.add("removed the DOCTYPE (entities declared there are left unexpanded)");
        }
        Matcher bad = NOT_XML_CHAR.matcher(text);
        if (bad.find()) {
            text = bad.replaceAll("");
            changes.add("removed characters that XML forbids");
        }
        String escaped = escapeAmpersands(text);
        if (!escaped.equals(text)) {
            text = escaped;
            changes.add("escaped bare ampersands and unknown entities");
        }
        List<String> declared = new ArrayList<>();
        text = declarePrefixes(text, declared);
        if (!declared.isEmpty()) {
            changes.add("declared the namespace prefixes " + String.join(", ", declared) + " used without a declaration");
        }
        return new Result(text, List.copyOf(changes));
    }

    /**
     * Declares, on the root element, every prefix used in an element or attribute name but
     * declared nowhere: the well-known feed extensions with their real namespace (so Rome reads
     * {@code dc:creator} or {@code content:encoded} as it would in a correct feed), any other
     * prefix with a placeholder namespace so the rest of the document can still be read.
     */
    static String declarePrefixes(String text, List<String> declared) {
        int root = XmlText.rootStart(text);
        if (root < 0) {
            return text;
        }
        Set<String> used = new TreeSet<>();
        Matcher m = PREFIXED_NAME.matcher(text);
        while (m.find()) {
            String prefix = m.group(1) != null ? m.group(1) : m.group(2);
            if (!prefix.equalsIgnoreCase("xml") && !prefix.equalsIgnoreCase("xmlns")) {
                used.add(prefix);
            }
        }
        if (used.isEmpty()) {
            return text;
        }
        Set<String> declaredAlready = new HashSet<>();
        Matcher declaration = PREFIX_DECLARATION.matcher(text);
        while (declaration.find()) {
            declaredAlready.add(declaration.group(1));
        }
        StringBuilder declarations = new StringBuilder();
        for (String prefix : used) {
            if (declaredAlready.contains(prefix)) {
                continue;
            }
            boolean wellKnown = WELL_KNOWN_NAMESPACES.containsKey(prefix);
            if (!wellKnown && declared.size() >= MAX_PLACEHOLDER_PREFIXES) {
                continue; // hostile input; the forgiving parser copes with the rest
            }
            String uri = WELL_KNOWN_NAMESPACES.getOrDefault(prefix, "urn:x-newswatch:undeclared:" + prefix);
            declarations.append(" xmlns:").append(prefix).append("=\"").append(uri).append('"');
            declared.add(prefix);
        }
        if (declarations.isEmpty()) {
            return text;
        }
        int nameEnd = root + 1;
        while (nameEnd < text.length() && !Character.isWhitespace(text.charAt(nameEnd)) && text.charAt(nameEnd) != '>'
                && text.charAt(nameEnd) != '/') {
            nameEnd++;
        }
        return text.substring(0, nameEnd) + declarations + text.substring(nameEnd);
    }

    private static String withoutDoctypes(String text) {
        int doctype = XmlText.indexOfDoctype(text, 0);
        if (doctype < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (doctype >= 0) {
            out.append(text, last, doctype);
            last = XmlText.doctypeEnd(text, doctype);
            doctype = XmlText.indexOfDoctype(text, last);
        }
        return out.append(text, last, text.length()).toString();
    }

    /** Fixes entity references outside CDATA sections, comments and processing instructions. */
    private static String escapeAmpersands(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int last = 0;
        for (int lt = text.indexOf('<'); lt >= 0; lt = text.indexOf('<', lt + 1)) {
            int end;
            if (text.startsWith("<![CDATA[", lt)) {
                end = XmlText.endOf(text, lt + 9, "]]>");
            } else if (text.startsWith("<!--", lt)) {
                end = XmlText.endOf(text, lt + 4, "-->");
            } else if (text.startsWith("<?", lt)) {
                end = XmlText.endOf(text, lt + 2, "?>");
            } else {
                continue;
            }
            fixEntities(text.substring(last, lt), out);
            out.append(text, lt, end);
            last = end;
            lt = end - 1;
        }
        fixEntities(text.substring(last), out);
        return out.toString();
    }

    private static void fixEntities(String segment, StringBuilder out) {
        Matcher m = AMPERSAND.matcher(segment);
        int last = 0;
        while (m.find()) {
            out.append(segment, last, m.start());
            out.append(fixEntity(m));
            last = m.end();
        }
        out.append(segment, last, segment.length());
    }

    private static String fixEntity(Matcher m) {
        String decimal = m.group(1);
        String hex = m.group(2);
        String name = m.group(3);
        if (decimal != null || hex != null) {
            long codePoint = Long.parseLong(decimal != null ? decimal : hex, decimal != null ? 10 : 16);
            if (!isXmlChar(codePoint)) {
                return "";
            }
            return decimal != null ? m.group() : "&#x" + hex + ";"; // XML wants a lower-case x
        }
        if (name == null) {
            return "&amp;";
        }
        if (XML_ENTITIES.contains(name)) {
            return m.group();
        }
        if (Entities.isNamedEntity(name)) {
            StringBuilder refs = new StringBuilder();
            Entities.getByName(name).codePoints().forEach(cp -> refs.append("&#").append(cp).append(';'));
            return refs.toString();
        }
        return "&amp;" + name + ";";
    }

    private static boolean isXmlChar(long cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
