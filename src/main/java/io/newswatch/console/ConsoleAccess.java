package io.newswatch.console;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether one HTTP request may see the console or a protected {@code /api} endpoint.
 * Open when the daemon listens on loopback only and no password is set; with a password, HTTP Basic
 * is required; listening beyond loopback without a password refuses everything protected. State
 * changing requests (anything but GET/HEAD/OPTIONS) must also come from the daemon's own origin when
 * they carry an {@code Origin} or {@code Referer} header: a page on another site cannot make a
 * logged-in browser post to newswatch (CSRF).
 */
public final class ConsoleAccess {
    /** What to answer. */
    public record Decision(int status, String message, boolean challenge) {
        public static final Decision ALLOW = new Decision(200, null, false);

        public boolean allowed() {
            return status == 200;
        }
    }

    private final String user;
    private final byte[] password;
    private final boolean exposed;
    private final String listenHost;

    public ConsoleAccess(String listenHost, String user, Optional<String> password) {
        this.listenHost = listenHost;
        this.user = user;
        this.password = password.filter(p -> !p.isEmpty()).map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.exposed = !isLoopback(listenHost);
    }

    /** True for the paths this guards: the console ({@code /}, {@code /console/...}) and {@code /api/...}. */
    public static boolean isProtected(String path) {
        return path.equals("/") || path.isEmpty() || path.startsWith("/console") || path.startsWith("/api/") || path.equals("/api");
    }

    /** True when a password is needed and none is set: the console stays off. */
    public boolean disabled() {
        return exposed && password == null;
    }

    public boolean passwordProtected() {
        return password != null;
    }

    /** One line for the start-up log. */
    public String describe() {
        if (disabled()) {
            return "console and /api disabled: HTTP listens on " + listenHost
                    + " (beyond loopback) and NEWSWATCH_CONSOLE_PASSWORD is not set; set it, or QUARKUS_HTTP_HOST=127.0.0.1";
        }
        return passwordProtected() ? "console at / (HTTP Basic, user " + user + ")" : "console at / (open: HTTP listens on loopback only)";
    }

    /**
     * @param authorization the {@code Authorization} header or null
     * @param origin        the {@code Origin} header, else the {@code Referer}, or null
     * @param host          the {@code Host} header the request was sent to
     */
    public Decision decide(String method, String authorization, String origin, String host) {
        if (disabled()) {
            return new Decision(503, "The console and /api are disabled: newswatch listens on " + listenHost
                    + " without NEWSWATCH_CONSOLE_PASSWORD. Set a password (or listen on 127.0.0.1) and restart.", false);
        }
        if (password != null && !authenticated(authorization)) {
            return new Decision(401, "Log in with the console user and NEWSWATCH_CONSOLE_PASSWORD.", true);
        }
        String m = method.toUpperCase(Locale.ROOT);
        if (!m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS") && origin != null && !sameOrigin(origin, host)) {
            return new Decision(403, "Cross-site request refused (Origin " + origin + " is not this newswatch).", false);
        }
        return Decision.ALLOW;
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                user.getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8), password);
        return userOk & passwordOk;
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin.trim());
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isLoopback(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
