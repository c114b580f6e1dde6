package io.newswatch.ingest.feeds;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.jsoup.select.QueryParser;

/**
 * Feed descriptions are HTML fragments of every quality. Rules match words, so this keeps the
 * words people see: entities decoded, scripts, styles and embedded objects dropped, and block
 * elements turned into line breaks so sentences from separate paragraphs do not run together
 * (which would make phrase queries match across them).
 */
final class HtmlText {
    private static final Evaluator INVISIBLE = QueryParser.parse("script, style, noscript, template, iframe, object, embed, svg, head");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r\\u00A0\\u2007\\u202F]+");

    private HtmlText() {}

    /** Plain text of an HTML fragment: one line per block, whitespace collapsed. */
    static String fromHtml(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) {
            return normalize(html.replace('\n', ' ')); // no markup or entities (most titles): parsing would change nothing
        }
        Element body = Jsoup.parseBodyFragment(html).body();
        body.select(INVISIBLE).remove();
        StringBuilder text = new StringBuilder(html.length());
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    text.append(t.getWholeText().replace('\n', ' '));
                } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
                    text.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) {
                    text.append('\n');
                }
            }
        }, body);
        return normalize(text.toString());
    }

    /** Plain text as given (Atom {@code type="text"}): only whitespace is tidied. */
    static String fromPlain(String text) {
        return text == null ? "" : normalize(text);
    }

    private static String normalize(String text) {
        return Arrays.stream(text.split("\n"))
                .map(line -> SPACES.matcher(line).replaceAll(" ").strip())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining("\n"));
    }
}
