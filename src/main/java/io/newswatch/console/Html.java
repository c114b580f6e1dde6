package io.newswatch.console;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** HTML text built in Java for the console: everything from articles is escaped first. */
final class Html {
    private Html() {}

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The escaped text with every occurrence of the terms (case-insensitive) wrapped in {@code <mark>}. */
    static String marked(String text, List<String> terms) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean[] hit = new boolean[text.length()];
        List<String> sorted = terms.stream().filter(t -> t != null && !t.isBlank())
                .map(t -> t.toLowerCase(Locale.ROOT)).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String term : sorted) {
            if (term.length() != term.toLowerCase(Locale.ROOT).length()) {
                continue;
            }
            for (int at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length())) {
                for (int i = at; i < at + term.length() && i < hit.length; i++) {
                    hit[i] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < text.length(); i++) {
            if (hit[i] != open) {
                out.append(hit[i] ? "<mark>" : "</mark>");
                open = hit[i];
            }
            out.append(escape(String.valueOf(text.charAt(i))));
        }
        if (open) {
            out.append("</mark>");
        }
        return out.toString();
    }
}
