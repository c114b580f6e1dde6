package io.newswatch.api;

import io.newswatch.archive.ArchiveRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON error answers of the archive endpoints: what is wrong, which parameter, and for a query where in it. */
final class ArchiveErrors {
    private ArchiveErrors() {}

    static Response badRequest(ArchiveRequestException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("parameter", e.parameter());
        if (e.offset() >= 0) {
            body.put("position", e.offset());
            body.put("column", e.offset() + 1);
        }
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    static Response unavailable() {
        return MatchResource.error(503, "this instance has no archive (NEWSWATCH_ARCHIVE_ENABLED=false, or its folder could not be opened: see the log)");
    }

    static int limit(String value, int fallback) throws ArchiveRequestException {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ArchiveRequestException("limit", "limit \"" + (value.length() > 20 ? value.substring(0, 20) + "…" : value) + "\" is not a whole number");
        }
    }
}
