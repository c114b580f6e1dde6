package io.newswatch.ingest.feeds;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The form of an item link that document ids are computed from. The same article reached via
 * two feeds (or one feed with campaign parameters) must get one id, so the parts that vary
 * without changing the article are removed: host case, default port, fragment and
 * {@code utm_*} tracking parameters. Path and the remaining query are kept byte for byte, since
 * servers may treat their case and order as significant.
 */
final class CanonicalUrl {
    private CanonicalUrl() {}

    /**
     * @param link as written in the feed, maybe relative
     * @param base the feed's URL, against which relative links are resolved
     * @return the canonical absolute http(s) URL, or empty when the link is not one
     */
    static Optional<String> of(String link, URI base) {
        if (link == null || link.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(link.strip().replace(" ", "%20"));
            if (!uri.isAbsolute() && base != null) {
                uri = base.resolve(uri);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!(scheme.equals("http") || scheme.equals("https")) || host == null || host.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(link.length());
        out.append(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append(uri.getRawUserInfo()).append('@');
        }
        out.append(host.toLowerCase(Locale.ROOT));
        int port = uri.getPort();
        if (port != -1 && !(scheme.equals("http") && port == 80) && !(scheme.equals("https") && port == 443)) {
            out.append(':').append(port);
        }
        String path = uri.getRawPath();
        out.append(path == null || path.isEmpty() ? "/" : path);
        String query = withoutTracking(uri.getRawQuery());
        if (!query.isEmpty()) {
            out.append('?').append(query);
        }
        return Optional.of(out.toString());
    }

    private static String withoutTracking(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&");
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty() || parameter.toLowerCase(Locale.ROOT).startsWith("utm_")) {
                continue;
            }
            kept.add(parameter);
        }
        return kept.toString();
    }
}
