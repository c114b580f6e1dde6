package io.newswatch.ingest.feeds;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLException;

/**
 * One conditional GET of a feed, with the limits that keep a bad publisher from hurting anyone
 * else: redirects are followed by hand (to count them and to notice permanent moves), every
 * request waits for a per-host permit first and only then for one of the poller's global slots
 * (so a busy host never holds slots other hosts need), the body is capped before and after gzip,
 * and the whole exchange must end within the read timeout, so a server that trickles bytes
 * forever fails like any other slow server.
 */
final class FeedFetcher implements AutoCloseable {
    private static final String ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
            + "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
    /** Error and redirect bodies are never used; this much is read so keep-alive can still work. */
    private static final long DISCARDED_BODY_CAP = 64 * 1024;

    private final FeedPollerSettings settings;
    private final HttpClient client;
    private final HostLimiter hosts;
    private final Semaphore requestSlots;

    /**
     * @param requestSlots the poller's global limit; a request takes one only once it holds its
     *                     host's permit, so waiting for a busy host never holds a global slot
     */
    FeedFetcher(FeedPollerSettings settings, Semaphore requestSlots) {
        this.settings = settings;
        this.requestSlots = requestSlots;
        this.hosts = new HostLimiter(settings.perHostConcurrency());
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Signals a failed request; carries the outcome to report. */
    private static final class FetchFailure extends Exception {
        final FetchOutcome.Failed outcome;

        FetchFailure(FetchErrorKind kind, String reason) {
            super(reason, null, false, false);
            this.outcome = new FetchOutcome.Failed(kind, reason);
        }
    }

    /**
     * @param etag         validator from the last 200, or {@code null}
     * @param lastModified validator from the last 200, or {@code null}
     * @param now          for Retry-After dates
     */
    FetchOutcome fetch(URI url, String etag, String lastModified, Instant now) throws InterruptedException {
        URI current = url;
        URI movedTo = null;
        boolean permanentSoFar = true;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<byte[]> response;
            try {
                response = send(current, etag, lastModified);
                int status = response.statusCode();
                if (isRedirect(status)) {
                    if (redirects >= settings.maxRedirects()) {
                        return new FetchOutcome.Failed(FetchErrorKind.REDIRECTS, "more than " + settings.maxRedirects()
                                + " redirects starting at " + url + " (the last one at " + current + ")");
                    }
                    URI target = redirectTarget(current, status, response.headers());
                    permanentSoFar &= status == 301 || status == 308;
                    if (permanentSoFar) {
                        movedTo = target;
                    }
                    current = target;
                    continue;
                }
                HttpHeaders headers = response.headers();
                if (status == 304) {
                    return new FetchOutcome.NotModified(movedTo, header(headers, "ETag"), header(headers, "Last-Modified"));
                }
                if (status >= 200 && status < 300) {
                    byte[] body = decode(response.body(), headers, current);
                    return new FetchOutcome.Fetched(current, movedTo, body, header(headers, "Content-Type"),
                            header(headers, "ETag"), header(headers, "Last-Modified"));
                }
                if (status == 410) {
                    return new FetchOutcome.Gone(current);
                }
                if (status == 429 || status == 503) {
                    return new FetchOutcome.RetryLater(status == 429 ? FetchErrorKind.RATE_LIMITED : FetchErrorKind.UNAVAILABLE,
                            status, retryAfter(header(headers, "Retry-After"), now));
                }
                return new FetchOutcome.Failed(FetchErrorKind.HTTP_STATUS, "HTTP " + status + " from " + current);
            } catch (FetchFailure failure) {
                return failure.outcome;
            }
        }
    }

    private HttpResponse<byte[]> send(URI uri, String etag, String lastModified) throws InterruptedException, FetchFailure {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(uri);
        } catch (IllegalArgumentException e) {
            throw new FetchFailure(FetchErrorKind.IO, "cannot request " + uri + ": " + e.getMessage());
        }
        builder.GET()
                .timeout(settings.readTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip");
        if (etag != null) {
            builder.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            builder.header("If-Modified-Since", lastModified);
        }
        HttpRequest request = builder.build();
        String host = uri.getHost();
        hosts.acquire(host);
        try {
            requestSlots.acquire();
        } catch (InterruptedException e) {
            hosts.release(host);
            throw e;
        }
        CompletableFuture<HttpResponse<byte[]>> future = null;
        try {
            future = client.sendAsync(request, this::bodyFor);
            // the whole exchange, connecting included, within the read timeout (the connect
            // timeout bounds the connecting part on its own)
            return future.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FetchFailure(FetchErrorKind.TIMEOUT, "no complete response from " + host + " within "
                    + seconds(settings.readTimeout()) + " (read timeout)");
        } catch (InterruptedException e) {
            if (future != null) {
                future.cancel(true);
            }
            throw e;
        } catch (ExecutionException e) {
            throw classify(e.getCause(), uri);
        } finally {
            requestSlots.release();
            hosts.release(host);
        }
    }

    private HttpResponse.BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info) {
        if (info.statusCode() < 200 || info.statusCode() >= 300) {
            return new CappedBody(DISCARDED_BODY_CAP, false);
        }
        OptionalLong declared;
        try {
            declared = info.headers().firstValueAsLong("Content-Length");
        } catch (NumberFormatException e) {
            declared = OptionalLong.empty();
        }
        CappedBody body = new CappedBody(settings.maxBodyBytes(), true);
        if (declared.isPresent() && declared.getAsLong() > settings.maxBodyBytes()) {
            body.rejectUpfront();
        }
        return body;
    }

    private byte[] decode(byte[] body, HttpHeaders headers, URI uri) throws FetchFailure {
        String encoding = headers.firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "identity" -> {
                return body;
            }
            case "gzip", "x-gzip" -> {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, body.length * 4));
                    byte[] buffer = new byte[16384];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if ((long) out.size() + n > settings.maxBodyBytes()) {
                            throw new FetchFailure(FetchErrorKind.TOO_LARGE, "gzip body from " + uri + " expands past "
                                    + settings.maxBodyBytes() + " bytes (max-body-size)");
                        }
                        out.write(buffer, 0, n);
                    }
                    return out.toByteArray();
                } catch (IOException e) {
                    throw new FetchFailure(FetchErrorKind.IO, "corrupt gzip body from " + uri + ": " + e.getMessage());
                }
            }
            default -> throw new FetchFailure(FetchErrorKind.IO, "unsupported Content-Encoding '" + encoding + "' from "
                    + uri + " (newswatch asks for gzip or none)");
        }
    }

    private static URI redirectTarget(URI current, int status, HttpHeaders headers) throws FetchFailure {
        String location = header(headers, "Location");
        if (location == null || location.isBlank()) {
            throw new FetchFailure(FetchErrorKind.REDIRECTS, "HTTP " + status + " without a Location header at " + current);
        }
        URI target;
        try {
            target = current.resolve(new URI(location.strip().replace(" ", "%20")));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchFailure(FetchErrorKind.REDIRECTS, "HTTP " + status + " at " + current
                    + " points to an invalid URL '" + location + "'");
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null) {
            throw new FetchFailure(FetchErrorKind.REDIRECTS, "HTTP " + status + " at " + current
                    + " points to '" + location + "', which is not an http(s) URL");
        }
        return target;
    }

    private FetchFailure classify(Throwable error, URI uri) {
        String host = uri.getHost();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLargeException) {
                return new FetchFailure(FetchErrorKind.TOO_LARGE, "body from " + uri + " is larger than "
                        + settings.maxBodyBytes() + " bytes (max-body-size)");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new FetchFailure(FetchErrorKind.CONNECT, "no connection to " + host + " within "
                        + seconds(settings.connectTimeout()) + " (connect timeout)");
            }
            if (t instanceof HttpTimeoutException) {
                return new FetchFailure(FetchErrorKind.TIMEOUT, "no response headers from " + host + " within "
                        + seconds(settings.readTimeout()) + " (read timeout)");
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new FetchFailure(FetchErrorKind.CONNECT, "unknown host " + host);
            }
            if (t instanceof ConnectException) {
                return new FetchFailure(FetchErrorKind.CONNECT, "cannot connect to " + host
                        + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + " (" + (t.getMessage() == null ? "connection refused" : t.getMessage()) + ")");
            }
            if (t instanceof SSLException) {
                return new FetchFailure(FetchErrorKind.CONNECT, "TLS failure with " + host + " (" + message(t) + ")");
            }
        }
        return new FetchFailure(FetchErrorKind.IO, "request to " + uri + " failed (" + message(error) + ")");
    }

    /** Seconds ("120") or an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long secondsValue = Long.parseLong(v);
            return secondsValue < 0 ? null : Duration.ofSeconds(secondsValue);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String header(HttpHeaders headers, String name) {
        Optional<String> value = headers.firstValue(name);
        return value.filter(v -> !v.isBlank()).orElse(null);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
