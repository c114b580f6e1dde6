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
import org.openqa.selenium.Keys;
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
    static final String HOOK_SECRET = "whsec_" + Base64.getEncoder().encodeToString("thirty-two bytes of test secret!".getBytes(StandardCharsets.US_ASCII));

    @TempDir static Path work;
    static EmbeddedKafka broker;
    static DaemonProcess daemon;
    static HttpServer feedHost;
    static Path seeds;
    static Path rules;
    static WebDriver browser;
    static String base;
    static Path labels;

    /**
     * A tiny labelled corpus for troop-deployment: a seed labelled yes (a hit), another seed labelled no (a false
     * alarm, fired by its words), a text the rule cannot match labelled yes (a miss) and a market report labelled no.
     */
    static Path labelledCorpus(Path folder) throws IOException {
        Path docs = Files.createDirectories(folder.resolve("docs"));
        List<Path> seedFiles;
        try (Stream<Path> files = Files.list(Path.of("seeds"))) {
            seedFiles = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        }
        Files.copy(seedFiles.get(0), docs.resolve("hit.txt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(seedFiles.get(1), docs.resolve("alarm.txt"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(docs.resolve("missed.txt"), "Gardening club opens in the old town\n\nThe club meets on Saturdays.\n");
        Files.writeString(docs.resolve("calm.txt"), "Shares rise\n\nShares rose on Monday.\n");
        Path file = folder.resolve("labels.tsv");
        Files.writeString(file, """
                # document\trule\tlabel\treason
                docs/hit.txt\ttroop-deployment\tyes
                docs/alarm.txt\ttroop-deployment\tno\tlabelled no on purpose
                docs/missed.txt\ttroop-deployment\tyes\ta miss on purpose
                docs/calm.txt\ttroop-deployment\tno
                """);
        return file;
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", 0);
        seeds = Files.createDirectories(work.resolve("seeds"));
        rules = Files.createDirectories(work.resolve("rules"));
        copyFolder(Path.of("seeds"), seeds);
        copyFolder(Path.of("rules"), rules);
        Files.writeString(rules.resolve("_recipients.yml"), """
                recipients:
                  loopback-hook:
                    webhook: http://127.0.0.1:9/hook
                    secret_env: CONSOLE_IT_HOOK_SECRET
                    default: true
                """);
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
        labels = labelledCorpus(work.resolve("labelled"));
        daemon = DaemonProcess.start(Map.of(
                "NEWSWATCH_EVALUATION_LABELS", labels.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "NEWSWATCH_SEEDS_DIR", seeds.toString(),
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_FEEDS_FILE", feeds.toString(),
                "NEWSWATCH_DATA_DIR", work.resolve("data").toString(),
                "CONSOLE_IT_HOOK_SECRET", HOOK_SECRET), work.resolve("daemon.log"));
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
    void aSearchShowsHighlightsHitsPerDayAndPagesByKeyboard(TestInfo test) throws Exception {
        browser.get(base + "/console/search");
        WebElement q = browser.findElement(By.id("q"));
        assertEquals(q, browser.switchTo().activeElement(), "the query box has the focus");
        q.sendKeys("troops OR sanctions OR treaty", Keys.ENTER);
        waitUpTo(60).until(d -> {
            if (!d.findElements(By.cssSelector("li.hit")).isEmpty()) {
                return true;
            }
            d.navigate().refresh(); // the archiver may still be catching up
            return false;
        });
        assertFalse(browser.findElements(By.cssSelector("li.hit .snippet mark")).isEmpty(), "the matched words are highlighted");
        assertTrue(browser.findElement(By.id("search-total")).getText().matches("\\d+ document\\(s\\) match\\."),
                browser.findElement(By.id("search-total")).getText());
        assertFalse(browser.findElements(By.cssSelector("figure svg rect")).isEmpty(), "hits per day");
        screenshot(test);

        browser.get(base + "/console/search?q=" + java.net.URLEncoder.encode("troops OR sanctions OR treaty", StandardCharsets.UTF_8) + "&limit=2");
        List<String> first = browser.findElements(By.cssSelector("li.hit")).stream().map(e -> e.getAttribute("data-doc-id")).toList();
        assertEquals(2, first.size());
        WebElement next = browser.findElement(By.id("next-page"));
        next.sendKeys(Keys.ENTER); // a link followed from the keyboard
        waitUpTo(10).until(d -> d.getCurrentUrl().contains("cursor="));
        List<String> second = browser.findElements(By.cssSelector("li.hit")).stream().map(e -> e.getAttribute("data-doc-id")).toList();
        assertFalse(second.isEmpty());
        assertTrue(second.stream().noneMatch(first::contains), first + " then " + second);
    }

    @Test
    @Order(6)
    void aSearchThatDoesNotParseShowsTheErrorAtItsColumn(TestInfo test) throws Exception {
        browser.get(base + "/console/search?q=" + java.net.URLEncoder.encode("troops AND (border", StandardCharsets.UTF_8));
        WebElement error = browser.findElement(By.id("query-error"));
        WebElement at = error.findElement(By.cssSelector("mark.error-at"));
        String column = at.getAttribute("title");
        assertTrue(column.matches("column \\d+"), column);
        int n = Integer.parseInt(column.substring("column ".length()));
        String before = (String) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelector('#query-error code').firstChild.textContent;");
        assertEquals(n - 1, before.length(), "the mark sits at the column the parser names");
        assertTrue(error.getText().contains("Column " + n + ":"), error.getText());
        assertEquals("troops AND (border", browser.findElement(By.id("q")).getAttribute("value"), "the query stays in the box to fix");
        screenshot(test);
    }

    static final String DRAFT = """
            id: troop-deployment
            title: Troops (workbench draft)
            description: a draft tried in the console
            severity: high
            query: troops AND (border OR deploy* OR brigades""";

    @Test
    @Order(7)
    void theWorkbenchReportsASyntaxErrorAsYouTypeAndBacktestsTheFixedRule(TestInfo test) throws Exception {
        browser.get(base + "/console/workbench?rule=troop-deployment");
        WebElement yaml = browser.findElement(By.id("yaml"));
        assertTrue(yaml.getAttribute("value").contains("id: troop-deployment"), "starts from the rule in force");
        ((JavascriptExecutor) browser).executeScript(
                "var t = document.getElementById('yaml'); t.value = arguments[0]; t.dispatchEvent(new Event('input', {bubbles: true}));", DRAFT);
        WebElement problem = waitUpTo(20).until(d -> d.findElements(By.cssSelector("#check-problems li.problem")).stream().findFirst().orElse(null));
        assertEquals("5", problem.getAttribute("data-line"), problem.getText());
        int column = Integer.parseInt(problem.getAttribute("data-column"));
        assertTrue(column > "query: ".length(), problem.getText());
        assertTrue(problem.getText().startsWith("troop-deployment.yml:5:" + column + ": "), problem.getText());
        screenshot(test);

        yaml = browser.findElement(By.id("yaml"));
        yaml.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), ")"); // typed: the fix
        waitUpTo(20).until(d -> !d.findElements(By.id("check-ok")).isEmpty());
        WebElement since = browser.findElement(By.id("since"));
        since.clear();
        since.sendKeys("3650d");
        browser.findElement(By.id("backtest-button")).click();
        // The POST answers at once with a redirect to the backtest's job page; the result comes into it by htmx polling.
        waitUpTo(10).until(d -> d.getCurrentUrl().matches(".*/console/workbench/backtests/[A-Za-z0-9_-]{22}"));
        String jobPage = browser.getCurrentUrl();
        String jobId = jobPage.substring(jobPage.lastIndexOf('/') + 1);
        boolean landedWhileRunning = !browser.findElements(By.id("backtest-running")).isEmpty();
        ((JavascriptExecutor) browser).executeScript("window.newswatchLanded = 'the same page';");
        WebElement summary = waitUpTo(30).until(d -> d.findElements(By.id("backtest-summary")).stream().findFirst().orElse(null));
        assertEquals(jobId, browser.findElement(By.id("backtest")).getAttribute("data-job"));
        if (landedWhileRunning) {
            assertEquals("the same page", ((JavascriptExecutor) browser).executeScript("return window.newswatchLanded;"),
                    "the result replaced the running notice in place (htmx polling), without a reload");
        }
        assertEquals(jobPage, browser.getCurrentUrl());
        assertTrue(summary.getText().matches("(?s)\\d+ archived document\\(s\\) match.*the rule in force matches \\d+.*adds \\d+.*loses \\d+.*"),
                summary.getText());
        assertTrue(Integer.parseInt(summary.findElement(By.tagName("strong")).getText()) > 0, "the seeds about troops match");
        assertTrue(browser.findElement(By.id("tested-yaml")).getText().contains("deploy* OR brigades)"));
        assertTrue(browser.findElement(By.id("yaml")).getAttribute("value").endsWith("brigades)"), "the tested YAML stays in the editor");
        assertFalse(Files.readString(rules.resolve("troop-deployment.yml")).contains("workbench draft"), "the console never writes rule files");
        String figures = summary.getText();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('backtest').scrollIntoView();");
        screenshot(test);

        // Without JavaScript: the same POST, then the job page (and its refresh link) until the result is there.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/console/workbench")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        java.util.regex.Matcher field = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertTrue(field.find());
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(base + "/console/workbench"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("yaml=" + java.net.URLEncoder.encode(DRAFT + ")", StandardCharsets.UTF_8)
                        + "&since=3650d&action=backtest&csrf=" + field.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, started.statusCode(), started.body());
        String location = started.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("(.*)?/console/workbench/backtests/[A-Za-z0-9_-]{22}"), location);
        String html = "";
        for (int i = 0; i < 60 && !html.contains("id=\"backtest-summary\""); i++) {
            html = http.send(HttpRequest.newBuilder(URI.create(base).resolve(location)).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (html.contains("id=\"backtest-running\"")) {
                assertTrue(html.contains("id=\"backtest-refresh\""), "a refresh link for browsers without JavaScript");
                Thread.sleep(500);
            }
        }
        String noScript = html.replaceAll("(?s).*<p id=\"backtest-summary\">(.*?)<small>.*", "$1").replaceAll("<[^>]+>", "");
        assertEquals(backtestFigures(figures), backtestFigures(noScript), "the same backtest without JavaScript: " + noScript);
    }

    @Test
    @Order(8)
    void workbenchPostsWithoutTheirPagesTokenAreRefused(TestInfo test) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/console/workbench")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertTrue(cookie.startsWith("newswatch_csrf="), cookie);
        java.util.regex.Matcher field = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(field.find());
        String token = field.group(1);
        String draft = "yaml=" + java.net.URLEncoder.encode(DRAFT + ")", StandardCharsets.UTF_8);
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("no token", post(http, "/console/workbench/check", draft, cookie));
        expected.put("a wrong token", post(http, "/console/workbench/check", draft + "&csrf=" + token.substring(1), cookie));
        expected.put("no cookie", post(http, "/console/workbench/check", draft + "&csrf=" + token, null));
        expected.put("another cookie", post(http, "/console/workbench/check", draft + "&csrf=" + token, "newswatch_csrf=AAAAAAAAAAAAAAAAAAAAAAAA"));
        expected.put("no token, form", post(http, "/console/workbench", draft + "&action=download", cookie));
        expected.forEach((what, status) -> assertEquals(403, status, what));
        assertEquals(200, post(http, "/console/workbench/check", draft + "&csrf=" + token, cookie));
        HttpResponse<String> download = http.send(HttpRequest.newBuilder(URI.create(base + "/console/workbench"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(draft + "&action=download&csrf=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, download.statusCode());
        assertEquals("attachment; filename=\"troop-deployment.yml\"", download.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals(DRAFT + ")", download.body());
        browser.get(base + "/console/workbench");
        screenshot(test);
    }

    /** A backtest summary's matched, in force, added and lost counts. */
    static List<String> backtestFigures(String summary) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?s)(\\d+) archived document\\(s\\) match.*the rule in force matches (\\d+).*adds\\s+(\\d+).*loses\\s+(\\d+)").matcher(summary);
        assertTrue(m.find(), summary);
        return List.of(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    static int post(HttpClient http, String path, String form, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    @Order(9)
    void theNotificationsPageShowsRecipientsAndDeadLettersWithTheirReasons(TestInfo test) throws Exception {
        waitUpTo(90).until(d -> {
            d.get(base + "/console/notifications");
            return !d.findElements(By.cssSelector("tr.dead-letter")).isEmpty();
        });
        WebElement recipient = browser.findElement(By.cssSelector("tr.recipient"));
        assertTrue(recipient.getText().contains("loopback-hook"), recipient.getText());
        assertTrue(recipient.getText().contains("http://127.0.0.1:9/…"), "a webhook shows its host, not its path: " + recipient.getText());
        assertTrue(recipient.getText().contains("troop-deployment"), "the rules routed to it: " + recipient.getText());
        WebElement letter = browser.findElement(By.cssSelector("tr.dead-letter"));
        assertTrue(letter.getText().contains("loopback-hook via webhook"), letter.getText());
        assertTrue(letter.findElement(By.cssSelector(".reason")).getText().contains("loopback"), letter.getText());
        screenshot(test);
        browser.get(base + "/");
        assertTrue(browser.findElement(By.id("status")).getText().contains("dead-lettered"), "the overview counts them");
    }

    @Test
    @Order(10)
    void theStoriesPageShowsStoriesWithTheirDocumentsAndTheHostileTitleAsText(TestInfo test) throws Exception {
        waitUpTo(60).until(d -> {
            d.get(base + "/console/stories");
            return d.getPageSource().contains("Belarus sends troops");
        });
        List<WebElement> stories = browser.findElements(By.cssSelector("article.story"));
        assertTrue(stories.size() >= 2, "the seeds (about one story) and the dropped file: " + stories.size());
        assertFalse(stories.getFirst().findElements(By.cssSelector("ul.story-documents li")).isEmpty());
        assertTrue(stories.getFirst().findElement(By.cssSelector(".growth")).getText().matches("\\+\\d+"));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("<script>window.__pwned = true</script>"));
        assertEquals(0, browser.findElements(By.cssSelector("main script")).size());
        assertEquals(Boolean.FALSE, ((JavascriptExecutor) browser).executeScript("return window.__pwned === true;"));
        screenshot(test);

        browser.get(base + "/console/search?q=belarus");
        waitUpTo(30).until(d -> {
            if (!d.findElements(By.cssSelector("li.hit")).isEmpty()) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
        assertTrue(browser.findElement(By.cssSelector("li.hit")).getText().contains("<script>window.__pwned = true</script>"));
        assertEquals(Boolean.FALSE, ((JavascriptExecutor) browser).executeScript("return window.__pwned === true;"));
    }

    @Test
    @Order(11)
    void everyPageIsReadableOnAPhone(TestInfo test) throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String page : List.of("/", "/console/alerts", "/console/stories", "/console/search?q=troops", "/console/rules",
                    "/console/workbench", "/console/feeds", "/console/notifications")) {
                browser.get(base + page);
                Number overflow = (Number) ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertTrue(overflow.intValue() <= 0, page + " scrolls sideways by " + overflow + " px on a phone");
            }
            browser.get(base + "/console/search?q=troops");
            screenshot(test);
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 900));
        }
    }

    @Test
    @Order(20)
    void anExposedDaemonAsksForCredentialsOnTheConsoleAndApiButNotOnHealth(TestInfo test) throws Exception {
        try (DaemonProcess exposed = DaemonProcess.start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "QUARKUS_HTTP_HOST", "0.0.0.0",
                "NEWSWATCH_CONSOLE_PASSWORD", "s3cret",
                "NEWSWATCH_SEEDS_DIR", seeds.toString(),
                "NEWSWATCH_RULES_DIR", rules.toString(),
                "NEWSWATCH_FEEDS_ENABLED", "false",
                "CONSOLE_IT_HOOK_SECRET", HOOK_SECRET,
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

    @Test
    @Order(12)
    void theRulesPageShowsEachRulesEvaluationOnTheLabelsFile(TestInfo test) throws Exception {
        String rule = ".evaluation[data-rule='troop-deployment']";
        waitUpTo(90).until(d -> {
            d.get(base + "/console/rules");
            return !d.findElements(By.cssSelector(rule + " td.tp")).isEmpty();
        });
        assertEquals("1", browser.findElement(By.cssSelector(rule + " td.tp")).getText());
        assertEquals("1", browser.findElement(By.cssSelector(rule + " td.fp")).getText());
        assertEquals("1", browser.findElement(By.cssSelector(rule + " td.fn")).getText());
        assertEquals("0.500", browser.findElement(By.cssSelector(rule + " td.precision")).getText());
        assertEquals("0.500", browser.findElement(By.cssSelector(rule + " td.recall")).getText());
        assertTrue(browser.findElement(By.id("evaluation")).getText().contains(labels.toString()));
        WebElement alarms = browser.findElement(By.cssSelector(rule + " details.false-positives"));
        alarms.findElement(By.tagName("summary")).click(); // keyboard and mouse open it alike
        String alarm = alarms.findElement(By.tagName("li")).getText();
        assertTrue(alarm.contains("docs/alarm.txt") && alarm.contains("fired by:") && alarm.contains("labelled no on purpose"), alarm);
        WebElement misses = browser.findElement(By.cssSelector(rule + " details.false-negatives"));
        misses.findElement(By.tagName("summary")).click();
        assertTrue(misses.getText().contains("Gardening club opens in the old town"), misses.getText());
        screenshot(test);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "/api/rules/troop-deployment/evaluation")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, api.statusCode(), api.body());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(api.body());
        assertEquals("ok", json.path("state").asText(), api.body());
        assertEquals(List.of(1, 1, 1), List.of(json.path("tp").asInt(), json.path("fp").asInt(), json.path("fn").asInt()));
        assertEquals(0.5, json.path("precision").asDouble(), 1e-9);
        assertEquals("docs/alarm.txt", json.path("falsePositives").get(0).path("document").asText());
        assertFalse(json.path("falsePositives").get(0).path("words").isEmpty(), "the words that fired it");
        assertEquals("Gardening club opens in the old town", json.path("falseNegatives").get(0).path("title").asText());
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/api/rules/no-such-rule/evaluation")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String openapi = http.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(openapi.contains("/api/rules/{id}/evaluation"), "documented in the OpenAPI document");
    }

    @Test
    @Order(13)
    void theNotificationsPageShowsAGroupWaitingInTheGroupingWindow(TestInfo test) throws Exception {
        Files.writeString(seeds.resolve("waiting.txt"), """
                Pact signed as Norway and Iceland agree fisheries treaty

                OSLO, 4 March 2025 — Norway and Iceland signed a bilateral treaty on fisheries on Tuesday, the foreign
                ministries of both countries said, ending a dispute over mackerel quotas.
                """);
        waitUpTo(60).until(d -> {
            d.get(base + "/console/notifications");
            return d.findElements(By.cssSelector("tr.waiting-group")).stream().anyMatch(r -> r.getText().contains("Norway and Iceland"));
        });
        WebElement group = browser.findElements(By.cssSelector("tr.waiting-group")).stream()
                .filter(r -> r.getText().contains("Norway and Iceland")).findFirst().orElseThrow();
        String text = group.getText();
        assertTrue(text.contains("loopback-hook"), text);
        assertTrue(text.contains("treaty"), "its rule: " + text);
        assertTrue(text.matches("(?s).*\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC.*(in \\d+ s|in \\d+ min|now).*"), "when it is sent: " + text);
        screenshot(test);
    }
}
