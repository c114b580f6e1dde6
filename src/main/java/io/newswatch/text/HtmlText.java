package io.newswatch.text;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The one HTML-to-text routine, for whole saved pages and for feed fragments alike. Rules match
 * words, so this keeps the words people see: entities decoded; scripts, styles, navigation,
 * footers, forms, hidden and embedded elements dropped ({@link #DROPPED}); and block elements
 * ({@link #BLOCKS}) turned into paragraph breaks, so sentences from separate paragraphs do not run
 * together (which would make phrase queries match across them).
 */
public final class HtmlText {
    /** Elements whose content is never article text. */
    public static final Set<String> DROPPED = Set.of(
            "script", "style", "noscript", "template", "head", "nav", "footer", "aside", "form", "iframe", "svg",
            "button", "select", "input", "textarea", "canvas", "object", "embed", "dialog");
    /** Elements that start and end a paragraph. */
    public static final Set<String> BLOCKS = Set.of(
            "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
            "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p",
            "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00A0\\u2007\\u202F]+");

    private HtmlText() {}

    /** True for an element of {@link #DROPPED}, or one marked {@code hidden} / {@code aria-hidden}. */
    public static boolean isDropped(Element element) {
        return DROPPED.contains(element.normalName()) || element.hasAttr("hidden")
                || "true".equalsIgnoreCase(element.attr("aria-hidden"));
    }

    /** Removes every {@link #isDropped dropped} element below (and including) {@code root}. */
    public static void removeDropped(Element root) {
        for (Element element : root.getAllElements()) {
            if (isDropped(element) && element.parent() != null) {
                element.remove();
            }
        }
    }

    /**
     * The text of {@code root} with a blank line between blocks and a line break for {@code <br>}:
     * the paragraph form {@link TextCleaner} reads. Whitespace inside text nodes collapses.
     */
    public static String paragraphs(Element root) {
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(WHITESPACE.matcher(textNode.getWholeText()).replaceAll(" "));
                } else if (node instanceof Element element) {
                    if (element.normalName().equals("br")) {
                        text.append('\n');
                    } else if (BLOCKS.contains(element.normalName())) {
                        text.append("\n\n");
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                    text.append("\n\n");
                }
            }
        }, root);
        return text.toString();
    }

    /** Plain text of an HTML fragment (a feed description): one line per block, whitespace collapsed. */
    public static String fragment(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            return plain(html.replace('\n', ' ')); // no markup or entities (most titles): parsing would change nothing
        }
        Element body = Jsoup.parseBodyFragment(html).body();
        removeDropped(body);
        return plain(paragraphs(body));
    }

    /** Plain text as given (Atom {@code type="text"}): only whitespace is tidied, one line per non-blank line. */
    public static String plain(String text) {
        if (text == null) {
            return "";
        }
        return Arrays.stream(text.split("\n"))
                .map(line -> SPACES.matcher(line).replaceAll(" ").strip())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
