package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleAccessTest {
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onLoopbackWithoutAPasswordTheConsoleIsOpen() {
        ConsoleAccess access = new ConsoleAccess("127.0.0.1", "admin", Optional.empty());
        assertTrue(access.decide("GET", null, null, "127.0.0.1:8080").allowed());
        assertFalse(access.disabled());
    }

    @Test
    void beyondLoopbackWithoutAPasswordEverythingProtectedIsRefusedAndTheLogSaysWhy() {
        ConsoleAccess access = new ConsoleAccess("0.0.0.0", "admin", Optional.empty());
        assertTrue(access.disabled());
        ConsoleAccess.Decision decision = access.decide("GET", basic("admin", "anything"), null, "host:8080");
        assertEquals(503, decision.status());
        assertTrue(decision.message().contains("NEWSWATCH_CONSOLE_PASSWORD"), decision.message());
        assertTrue(access.describe().startsWith("console and /api disabled"), access.describe());
    }

    @Test
    void withAPasswordOnlyTheRightCredentialsPass() {
        ConsoleAccess access = new ConsoleAccess("0.0.0.0", "admin", Optional.of("s3cret"));
        assertEquals(401, access.decide("GET", null, null, "h").status());
        assertTrue(access.decide("GET", null, null, "h").challenge());
        assertEquals(401, access.decide("GET", basic("admin", "wrong"), null, "h").status());
        assertEquals(401, access.decide("GET", basic("root", "s3cret"), null, "h").status());
        assertEquals(401, access.decide("GET", "Basic !!!not-base64", null, "h").status());
        assertEquals(401, access.decide("GET", "Bearer s3cret", null, "h").status());
        assertTrue(access.decide("GET", basic("admin", "s3cret"), null, "h").allowed());
        ConsoleAccess colons = new ConsoleAccess("0.0.0.0", "admin", Optional.of("pass:with:colons"));
        assertTrue(colons.decide("GET", basic("admin", "pass:with:colons"), null, "h").allowed());
    }

    @Test
    void aCrossSitePostIsRefusedASameOriginPostIsNot() {
        ConsoleAccess access = new ConsoleAccess("127.0.0.1", "admin", Optional.empty());
        assertEquals(403, access.decide("POST", null, "https://evil.example", "127.0.0.1:8080").status());
        assertEquals(403, access.decide("POST", null, "http://127.0.0.1:9999/page", "127.0.0.1:8080").status());
        assertTrue(access.decide("POST", null, "http://127.0.0.1:8080", "127.0.0.1:8080").allowed());
        assertTrue(access.decide("POST", null, "http://127.0.0.1:8080/console/alerts", "127.0.0.1:8080").allowed());
        assertTrue(access.decide("POST", null, null, "127.0.0.1:8080").allowed(), "non-browser clients send no Origin");
        assertTrue(access.decide("GET", null, "https://evil.example", "127.0.0.1:8080").allowed(), "reads are not CSRF");
    }

    @Test
    void guardsTheConsoleAndApiButNotHealthOrMetrics() {
        for (String path : List.of("/", "/console/alerts", "/api/rules", "/api/match")) {
            assertTrue(ConsoleAccess.isProtected(path), path);
        }
        for (String path : List.of("/q/health/ready", "/q/metrics", "/webjars/htmx.org/2.0.4/dist/htmx.min.js")) {
            assertFalse(ConsoleAccess.isProtected(path), path);
        }
    }

    @Test
    void loopbackNamesAreRecognised() {
        for (String host : List.of("127.0.0.1", "localhost", "::1", "127.0.1.1")) {
            assertTrue(ConsoleAccess.isLoopback(host), host);
        }
        for (String host : List.of("0.0.0.0", "::", "192.168.1.4", "example.org")) {
            assertFalse(ConsoleAccess.isLoopback(host), host);
        }
    }

    @Test
    void articleTextIsEscapedAndMatchedWordsMarked() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; <mark>Troops</mark> were <mark>deployed</mark>",
                Html.marked("<script>alert('x')</script> & Troops were deployed", List.of("troops", "deployed")));
        assertEquals("&lt;b&gt;", Html.marked("<b>", List.of("b")).replace("<mark>", "").replace("</mark>", ""));
    }
}
