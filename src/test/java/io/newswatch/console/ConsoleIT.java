package io.newswatch.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.testing.DaemonProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, headless, through chromedriver) against the
 * packaged daemon and a real broker: the seeds' alerts on the overview, a dropped file's alert
 * appearing live, a hostile title shown as text, a broken rule's problem, a failing feed's reason,
 * and, for a daemon listening beyond loopback, HTTP Basic on the console and /api.
 * Each test saves a screenshot under {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @TempDir static Path work;
    static EmbeddedKafka broker;
    static DaemonProcess daemon;
    static HttpServer feedHost;
    static Path seeds;
    static Path rules;
    static WebDriver browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", 0);
        seeds = Files.createDirectories(work.resolve("seeds"));
        rules = Files.createDirectories(work.resolve("rules"));
        copyFolder(Path.of("seeds"), seeds);
        copyFolder(Path.of("rules"), rules);
        feedHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feedHost.createContext("/broken.xml", exchange -> {
            byte[] page = "<!DOCTYPE html><html><body><p>Not a feed</p></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        feedHost.start();
        Path feeds = work.resolve("feeds.yml");
        Files.writeString(feeds, "feeds:\n  - url: http://127.0.0.1:" + feedHost.getAddress().getPort() + "/broken.xml\n"
                + "    name: Broken Feed\n    interval: 1m\n");
        daemon = DaemonProcess.start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "NEWSWATCH_SEEDS_DIR", seeds.toString(),
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_FEEDS_FILE", feeds.toString(),
                "NEWSWATCH_DATA_DIR", work.resolve("data").toString()), work.resolve("daemon.log"));
        daemon.awaitReady(Duration.ofSeconds(120));
        base = "http://127.0.0.1:" + daemon.httpPort;
        browser = chromium();
        Files.createDirectories(SCREENSHOTS);
    }

    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Path.of("/usr/bin/chromium").toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1200,900", "--user-data-dir=" + work.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (feedHost != null) {
            feedHost.stop(0);
        }
        if (broker != null) {
            broker.close();
        }
    }

    static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void screenshot(TestInfo test) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(test.getTestMethod().orElseThrow().getName() + ".png"), png);
    }

    static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(250));
    }

    @Test
    @Order(1)
    void theOverviewShowsPipelineStateAndTheSeedsAlerts(TestInfo test) throws Exception {
        browser.get(base + "/");
        waitUpTo(60).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#alerts tr.alert")).size() >= 13;
        });
        assertEquals("RUNNING", browser.findElement(By.id("streams-state")).getText());
        assertEquals("reachable", browser.findElement(By.id("kafka-state")).getText());
        assertEquals("3", browser.findElement(By.id("rules-active")).getText());
        List<WebElement> marks = browser.findElements(By.cssSelector("#alerts .snippet mark"));
        assertFalse(marks.isEmpty(), "snippets highlight the words that matched");
        assertEquals(2, browser.findElements(By.cssSelector("svg rect")).size() / 24, "two 24-hour charts");
        screenshot(test);
    }

    @Test
    @Order(2)
    void aDroppedFileAppearsOnTheAlertsPageWithoutReloadAndItsHostileTitleIsText(TestInfo test) throws Exception {
        browser.get(base + "/console/alerts");
        int before = browser.findElements(By.cssSelector("#alerts tr.alert")).size();
        ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true;");
        Files.writeString(seeds.resolve("hostile.txt"), """
                <script>window.__pwned = true</script> Belarus sends troops to the Polish border

                MINSK, 3 March 2025 — Belarus has deployed two additional brigades to its western border, the defence
                ministry said on Monday, citing exercises with Russian forces stationed in the country.
                """);
        waitUpTo(60).until(d -> d.findElements(By.cssSelector("#alerts tr.alert")).size() > before);
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true;"),
                "the row arrived by server-sent event, not by a page reload");
        WebElement row = browser.findElements(By.cssSelector("#alerts tr.alert")).getFirst();
        assertTrue(row.getText().contains("<script>window.__pwned = true</script>"), "the title shows as text: " + row.getText());
        assertEquals(0, row.findElements(By.tagName("script")).size());
        assertEquals(Boolean.FALSE, ((JavascriptExecutor) browser).executeScript("return window.__pwned === true;"));
        screenshot(test);

        browser.navigate().refresh(); // and server-rendered, after a reload, the same holds
        WebElement rendered = browser.findElements(By.cssSelector("#alerts tr.alert")).getFirst();
        assertTrue(rendered.getText().contains("<script>window.__pwned = true</script>"));
        assertEquals(Boolean.FALSE, ((JavascriptExecutor) browser).executeScript("return window.__pwned === true;"));
    }

    @Test
    @Order(3)
    void theRulesPageShowsABrokenRuleWithItsLocationFirst(TestInfo test) throws Exception {
        Files.writeString(rules.resolve("broken.yml"), """
                id: broken
                title: Broken on purpose
                description: a rule whose query does not parse
                severity: low
                query: troops AND (deploy
                """);
        waitUpTo(30).until(d -> {
            d.get(base + "/console/rules");
            return d.findElements(By.cssSelector("tr.rule[data-file='broken.yml'] .problems")).size() == 1;
        });
        WebElement first = browser.findElements(By.cssSelector("tr.rule")).getFirst();
        assertEquals("broken.yml", first.getAttribute("data-file"), "rules with problems come first");
        String problem = first.findElement(By.cssSelector(".problems")).getText();
        assertTrue(problem.matches("(?s).*broken\\.yml:5:\\d+: .*"), problem);
        screenshot(test);
        Files.delete(rules.resolve("broken.yml"));
    }

    @Test
    @Order(4)
    void theFeedsPageShowsAFailingFeedWithItsReason(TestInfo test) throws Exception {
        waitUpTo(60).until(d -> {
            d.get(base + "/console/feeds");
            return !d.findElements(By.cssSelector("tr.feed .reason")).isEmpty();
        });
        WebElement feed = browser.findElement(By.cssSelector("tr.feed"));
        assertTrue(feed.getText().contains("Broken Feed"), feed.getText());
        assertTrue(feed.findElement(By.cssSelector("td.bad")).getText().startsWith("failing"), feed.getText());
        assertFalse(feed.findElement(By.cssSelector(".reason")).getText().isBlank());
        screenshot(test);
    }

    @Test
    @Order(5)
    void anExposedDaemonAsksForCredentialsOnTheConsoleAndApiButNotOnHealth(TestInfo test) throws Exception {
        try (DaemonProcess exposed = DaemonProcess.start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "QUARKUS_HTTP_HOST", "0.0.0.0",
                "NEWSWATCH_CONSOLE_PASSWORD", "s3cret",
                "NEWSWATCH_SEEDS_DIR", seeds.toString(),
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_FEEDS_ENABLED", "false",
                "NEWSWATCH_DATA_DIR", work.resolve("data-exposed").toString()), work.resolve("exposed.log"))) {
            exposed.awaitReady(Duration.ofSeconds(120));
            String url = "http://127.0.0.1:" + exposed.httpPort;
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/", "/console/alerts", "/api/rules")) {
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, anonymous.statusCode(), path);
                assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
            }
            String credentials = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url + "/"))
                    .header("Authorization", credentials).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Overview"));
            HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(url + "/api/match"))
                    .header("Authorization", credentials).header("Origin", "https://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("troops deployed")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, crossSite.statusCode(), "a cross-site POST is refused even with credentials");
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "health stays open");

            browser.get(url + "/");
            screenshot(test); // the browser's own 401 page
            assertFalse(browser.getPageSource().contains("Latest alerts"));
        }
    }
}
