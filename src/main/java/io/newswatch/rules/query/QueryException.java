package io.newswatch.rules.query;

/**
 * A query that cannot be used, with the place to look at. Rule authors see the message, so it
 * says what is wrong and how to fix it; {@link #offset()} lets a rule loader point at the spot.
 */
public final class QueryException extends Exception {
    private final int offset;

    public QueryException(String message, int offset) {
        super(message);
        this.offset = Math.max(0, offset);
    }

    /** 0-based character offset into the query string where the problem is. */
    public int offset() {
        return offset;
    }

    /** 1-based column, as people count; the messages use this too. */
    public int column() {
        return offset + 1;
    }

    /**
     * The query with a caret line under the problem, for error output in a terminal or a log:
     * <pre>
     * troops NEAR/0 russia
     *        ^
     * </pre>
     * Line breaks in the query are shown as spaces so the caret stays aligned.
     */
    public String pointer(String query) {
        String oneLine = query.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        int at = Math.min(offset, oneLine.length());
        return oneLine + "\n" + " ".repeat(at) + "^";
    }
}
