package io.newswatch.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.archive.ArchiveIndex;
import io.newswatch.archive.ArchiveSearcher;
import io.newswatch.archive.Backtest;
import io.newswatch.broker.Topics;
import io.newswatch.document.Document;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.testing.MutableClock;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench's backtest as a job, through the console's own endpoint methods and templates (rendered as Quarkus
 * renders them) on a real archive: the POST answers at once with a redirect, the job's section polls until the
 * result is there, expired and unknown jobs say so, a full queue refuses with a message, and a POST without its
 * page's CSRF token starts nothing.
 */
class WorkbenchBacktestJobTest {
    static final String DRAFT = """
            id: border-troops
            title: Troops at a border
            description: troops massed at a border
            severity: high
            query: troops NEAR/5 border
            """;

    @TempDir Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T03:00:00Z"));
    RuleRegistry rules;
    ArchiveIndex index;
    Backtest backtest;
    WorkbenchConsole workbench;
    String nonce;
    String token;

    @BeforeEach
    void setUp() throws Exception {
        rules = new RuleRegistry(Path.of("rules"), new RuleLoader(), rule -> {});
        rules.reload();
        index = ArchiveIndex.openForWriting(dir.resolve("archive"));
        for (int i = 0; i < 5; i++) {
            Instant published = clock.instant().minus(Duration.ofDays(i + 1));
            index.put(new Document("doc-" + i, "wire", "https://example.org/" + i, "Troops at the border " + i,
                    "Troops were massed near the border on day " + i + ".", published, "en", published, List.of(), List.of()), published);
        }
        index.put(new Document("doc-other", "wire", "https://example.org/other", "Harvest news", "The harvest was good.",
                clock.instant().minus(Duration.ofDays(1)), "en", clock.instant(), List.of(), List.of()), clock.instant());
        index.commit(Map.of());
        ArchiveSearcher searcher = new ArchiveSearcher(index, rules::compiler, 100);
        backtest = new Backtest(index, searcher, Duration.ofSeconds(30), 100_000, clock);
        workbench = workbench(new BacktestJobs(BacktestJobs.Settings.DEFAULTS, clock));
    }

    WorkbenchConsole workbench(BacktestJobs jobs) {
        var engine = ConsolePagesBenchmark.engine(Path.of("src/main/resources/templates"));
        WorkbenchConsole w = new WorkbenchConsole();
        w.rules = rules;
        w.workbench = new RuleWorkbench(rules::compiler, dir, Topics.DEFAULTS);
        w.csrf = CsrfTokens.withRandomKey();
        w.clock = clock;
        w.page = engine.getTemplate("console/workbench.html");
        w.checkFragment = engine.getTemplate("console/workbench-check.html");
        w.section = engine.getTemplate("console/workbench-backtest.html");
        w.jobs = jobs;
        nonce = w.csrf.newNonce();
        token = w.csrf.token(nonce, null);
        return w;
    }

    @AfterEach
    void tearDown() throws Exception {
        workbench.jobs.close();
        index.close();
        rules.close();
    }

    Response post(String yaml, String csrfToken) {
        return workbench.submit(yaml, "backtest", "30d", "", csrfToken, nonce, null, Optional.of(backtest));
    }

    static String jobId(Response redirect) {
        Matcher m = Pattern.compile("^/console/workbench/backtests/([A-Za-z0-9_-]{22})$").matcher(redirect.getLocation().getPath());
        assertTrue(m.find(), redirect.getLocation().toString());
        return m.group(1);
    }

    @Test
    void aBacktestIsAnsweredAtOnceWithItsJobPageWhoseSectionPollsUntilTheResultIsThere() throws Exception {
        Response answer = post(DRAFT, token);
        assertEquals(303, answer.getStatus(), "Post/Redirect/Get: the answer does not wait for the backtest");
        String id = jobId(answer);
        await().atMost(Duration.ofSeconds(30)).until(() -> !workbench.jobSection(id).contains("hx-trigger"));
        String section = workbench.jobSection(id);
        assertTrue(section.contains("id=\"backtest-summary\"><strong>5</strong> archived document(s) match"), section);
        assertTrue(section.contains("data-job=\"" + id + "\""), section);
        assertTrue(section.contains("<pre id=\"tested-yaml\">id: border-troops"), section);
        Response page = workbench.job(id, nonce, null);
        assertEquals(200, page.getStatus());
        String html = (String) page.getEntity();
        assertTrue(html.contains("<strong>5</strong> archived document(s) match"), "the job's page shows the result");
        assertTrue(html.contains("query: troops NEAR/5 border\n</textarea>"), "the draft stays in the editor");
        assertTrue(html.contains("name=\"csrf\" value=\"" + token + "\""), "the page's forms carry this browser's token");
    }

    @Test
    void whileTheBacktestRunsItsSectionPollsAndOffersARefreshLink() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BacktestJobs.Job job = workbench.jobs.submit(new BacktestJobs.Draft(DRAFT, "30d", ""), () -> {
            release.await();
            return BacktestJobsTest.result("border-troops");
        });
        await().until(() -> workbench.jobs.job(job.id()).orElseThrow().state() == BacktestJobs.State.RUNNING);
        String section = workbench.jobSection(job.id());
        assertTrue(section.contains("hx-get=\"/console/workbench/backtests/" + job.id() + "/section\" hx-trigger=\"every 1s\""), section);
        assertTrue(section.contains("<a href=\"/console/workbench/backtests/" + job.id() + "\" id=\"backtest-refresh\">"), "a link for browsers without JavaScript");
        assertTrue(section.contains("Running for 0 s"), section);
        String page = (String) workbench.job(job.id(), nonce, null).getEntity();
        assertTrue(page.contains("id=\"backtest-running\""), page);
        clock.advance(Duration.ofSeconds(7));
        assertTrue(workbench.jobSection(job.id()).contains("Running for 7 s"));
        release.countDown();
        await().until(() -> !workbench.jobSection(job.id()).contains("hx-trigger"));
        assertTrue(workbench.jobSection(job.id()).contains("id=\"backtest-summary\""));
    }

    @Test
    void anExpiredOrUnknownBacktestSaysSoAndStopsThePolling() throws Exception {
        String id = jobId(post(DRAFT, token));
        await().atMost(Duration.ofSeconds(30)).until(() -> workbench.jobs.job(id).orElseThrow().done());
        clock.advance(Duration.ofMinutes(16));
        Response page = workbench.job(id, nonce, null);
        assertEquals(404, page.getStatus());
        assertTrue(((String) page.getEntity()).contains("This backtest is unknown or has expired: results are kept for 15 min after they finish"),
                (String) page.getEntity());
        String section = workbench.jobSection(id);
        assertTrue(section.contains("id=\"backtest-error\">This backtest is unknown or has expired"), section);
        assertFalse(section.contains("hx-trigger"), "the polling stops");
        assertEquals(404, workbench.job("../../q/metrics", nonce, null).getStatus());
    }

    @Test
    void aFullQueueAnswers503WithAMessageAndKeepsTheDraft() throws Exception {
        workbench.jobs.close();
        workbench = workbench(new BacktestJobs(new BacktestJobs.Settings(1, 0, Duration.ofMinutes(15), 50), clock));
        CountDownLatch release = new CountDownLatch(1);
        workbench.jobs.submit(new BacktestJobs.Draft(DRAFT, "30d", ""), () -> {
            release.await();
            return BacktestJobsTest.result("busy");
        });
        Response answer = post(DRAFT, token);
        release.countDown();
        assertEquals(503, answer.getStatus());
        assertEquals("10", answer.getHeaderString("Retry-After"));
        String html = (String) answer.getEntity();
        assertTrue(html.contains("id=\"backtest-error\">Not started: 1 backtest(s) are already running or waiting, the most this console accepts;"), html);
        assertTrue(html.contains("query: troops NEAR/5 border\n</textarea>"), "the draft stays in the editor");
    }

    @Test
    void aBacktestPostWithoutItsPagesTokenIsRefusedAndStartsNothing() {
        assertEquals(403, post(DRAFT, null).getStatus());
        assertEquals(403, post(DRAFT, token.substring(1)).getStatus());
        assertEquals(403, workbench.submit(DRAFT, "backtest", "30d", "", token, workbench.csrf.newNonce(), null, Optional.of(backtest)).getStatus(),
                "a token of another browser's cookie");
        assertEquals(0, workbench.jobs.busy());
    }

    @Test
    void aDraftThatDoesNotLoadOrABadRangeIsAnsweredAtOnceWithoutAJob() {
        Response broken = post(DRAFT.replace("troops NEAR/5 border", "troops AND (border"), token);
        assertEquals(200, broken.getStatus());
        assertTrue(((String) broken.getEntity()).contains("The draft does not load; fix the problems above, then backtest."));
        Response range = workbench.submit(DRAFT, "backtest", "1d", "3d", token, nonce, null, Optional.of(backtest));
        assertTrue(((String) range.getEntity()).contains("id=\"backtest-error\">since: since ("), (String) range.getEntity());
        Response noArchive = workbench.submit(DRAFT, "backtest", "30d", "", token, nonce, null, Optional.empty());
        assertTrue(((String) noArchive.getEntity()).contains("This instance has no archive"));
        assertEquals(0, workbench.jobs.busy());
    }
}
