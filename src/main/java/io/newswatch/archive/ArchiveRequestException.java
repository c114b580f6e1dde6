package io.newswatch.archive;

/**
 * A search, listing or backtest request that cannot be run as asked: a query that does not parse
 * (with the 0-based {@link #offset()} into it), a bad range, limit or cursor. The message says what
 * is wrong and what to do; {@link #parameter()} names the request parameter at fault.
 */
public final class ArchiveRequestException extends Exception {
    private final String parameter;
    private final int offset;

    public ArchiveRequestException(String parameter, String message) {
        this(parameter, message, -1);
    }

    public ArchiveRequestException(String parameter, String message, int offset) {
        super(message);
        this.parameter = parameter;
        this.offset = offset;
    }

    public String parameter() {
        return parameter;
    }

    /** 0-based offset into the query for query errors, -1 otherwise. */
    public int offset() {
        return offset;
    }
}
