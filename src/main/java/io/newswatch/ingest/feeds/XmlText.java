package io.newswatch.ingest.feeds;

/**
 * Finding the parts of raw XML text that the parser never got to: the prolog, the DOCTYPE, the
 * root tag. Written as plain scans rather than regular expressions because the input is hostile:
 * lazy patterns such as {@code <!--.*?-->} take quadratic time on a body full of unclosed
 * openers, and repeated groups can overflow the stack on long runs of whitespace.
 */
final class XmlText {
    private XmlText() {}

    /**
     * Where the construct opened at {@code start} ends (exclusive), or the text's length if it is
     * never closed.
     */
    static int endOf(String xml, int start, String closer) {
        int close = xml.indexOf(closer, start);
        return close < 0 ? xml.length() : close + closer.length();
    }

    /** End (exclusive) of the DOCTYPE declaration at {@code start}, internal subset included. */
    static int doctypeEnd(String xml, int start) {
        for (int i = start + "<!DOCTYPE".length(); i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (c == '[') {
                int close = xml.indexOf(']', i);
                if (close < 0) {
                    return xml.length();
                }
                i = close;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return xml.length();
    }

    static boolean startsWithIgnoreCase(String xml, int at, String prefix) {
        return xml.regionMatches(true, at, prefix, 0, prefix.length());
    }

    /** Index of the first DOCTYPE declaration at or after {@code from}, or -1. */
    static int indexOfDoctype(String xml, int from) {
        for (int i = xml.indexOf("<!", from); i >= 0; i = xml.indexOf("<!", i + 2)) {
            if (startsWithIgnoreCase(xml, i, "<!DOCTYPE")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index of the root element's {@code <}, past whitespace, the XML declaration, processing
     * instructions, comments and the DOCTYPE; -1 if the text does not start like XML.
     */
    static int rootStart(String xml) {
        int i = 0;
        while (i < xml.length()) {
            char c = xml.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (xml.startsWith("<?", i)) {
                i = endOf(xml, i + 2, "?>");
            } else if (xml.startsWith("<!--", i)) {
                i = endOf(xml, i + 4, "-->");
            } else if (startsWithIgnoreCase(xml, i, "<!DOCTYPE")) {
                i = doctypeEnd(xml, i);
            } else {
                return c == '<' && i + 1 < xml.length() && isNameStart(xml.charAt(i + 1)) ? i : -1;
            }
        }
        return -1;
    }

    /** The root element's name, or {@code null}. */
    static String rootName(String xml) {
        int start = rootStart(xml);
        if (start < 0) {
            return null;
        }
        int end = start + 1;
        while (end < xml.length() && isNameChar(xml.charAt(end))) {
            end++;
        }
        return xml.substring(start + 1, end);
    }

    /** The root start tag (from {@code <} to {@code >} or the end), or {@code null}. */
    static String rootTag(String xml) {
        int start = rootStart(xml);
        return start < 0 ? null : xml.substring(start, endOf(xml, start, ">"));
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '.' || c == '-';
    }
}
