package io.newswatch.ingest;

/**
 * Names from outside (file names, titles) made safe for a one-line log: control characters,
 * including newlines that would split the line and escapes that would drive a terminal, are
 * written as {@code \\n}, {@code \\t} or {@code \\u001b}; a backslash is doubled so the result stays unambiguous.
 */
public final class LogSafe {
    private LogSafe() {}

    public static String text(String raw) {
        if (raw == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? raw : out.toString();
    }
}
