package io.newswatch.console;

import io.newswatch.archive.ArchiveRequestException;
import io.newswatch.archive.ArchiveService;
import io.newswatch.archive.Backtest;
import io.newswatch.archive.TimeParameter;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.matching.RuleState;
import io.newswatch.rules.query.QueryException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.search.Query;

/**
 * The rule workbench: a rule file's YAML pasted or edited in the browser, checked as
 * {@code check-rules} checks files (live, as one types, through htmx; or with the Check button
 * without JavaScript), backtested on the archive against the rule in force with the same id, and
 * offered back to copy or download. It never writes a rule file. Every POST carries the
 * {@link CsrfTokens} token of the page it came from.
 */
@Path(WorkbenchConsole.PATH)
@Produces(MediaType.TEXT_HTML)
public class WorkbenchConsole {
    static final String PATH = "/console/workbench";
    static final String JOBS = PATH + "/backtests/";
    static final String DEFAULT_SINCE = "30d";
    static final int LIST_LIMIT = 20;
    static final String STARTER = """
            id: my-rule
            title: A short title
            description: What this rule is for and who reads its alerts
            severity: medium
            query: troops NEAR/5 border
            examples:
              match:
                - Troops were massed near the border on Monday.
              no_match:
                - The border reopened to tourists.
            """;

    @Inject RuleRegistry rules;
    @Inject RuleWorkbench workbench;
    @Inject ArchiveService archive;
    @Inject CsrfTokens csrf;
    @Inject Clock clock;
    @Inject @Location("console/workbench.html") Template page;
    @Inject @Location("console/workbench-check.html") Template checkFragment;
    @Inject @Location("console/workbench-backtest.html") Template section;
    @Inject BacktestJobs jobs;

    @TemplateData
    public record CheckView(String fileName, boolean ok, String ruleId, List<RuleWorkbench.Problem> problems,
                            List<RuleWorkbench.Problem> warnings) {
        static CheckView of(RuleWorkbench.Check check) {
            return new CheckView(check.fileName(), check.ok(), check.rule().map(LoadedRule::id).orElse(""),
                    check.problems(), check.warnings());
        }
    }

    @TemplateData
    public record BacktestView(String ruleId, boolean inForce, String from, String to, long matched, Views.Chart perDay,
                               List<Views.HitRow> matches, long inForceMatched, long added, long lost,
                               List<Views.HitRow> addedDocuments, List<Views.HitRow> lostDocuments,
                               boolean timedOut, boolean capped, long tookMillis, String error) {
        static BacktestView failed(String error) {
            return new BacktestView("", false, "", "", 0, null, List.of(), 0, 0, 0, List.of(), List.of(), false, false, 0, error);
        }
    }

    @GET
    public Response open(@QueryParam("rule") String rule, @CookieParam(CsrfTokens.COOKIE) String nonce,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String credentials) {
        String yaml = rule == null || rule.isBlank() ? STARTER : ruleText(rule.strip()).orElse(STARTER);
        boolean fresh = !CsrfTokens.wellFormed(nonce);
        String cookie = fresh ? csrf.newNonce() : nonce;
        String html = view(yaml, DEFAULT_SINCE, "", cookie, credentials).data("check", CheckView.of(workbench.check(yaml)))
                .data("backtest", null).data("job", null).render();
        Response.ResponseBuilder ok = Response.ok(html, MediaType.TEXT_HTML_TYPE);
        if (fresh) {
            ok.cookie(cookie(cookie));
        }
        return ok.build();
    }

    private static NewCookie cookie(String nonce) {
        return new NewCookie.Builder(CsrfTokens.COOKIE).value(nonce).path("/console").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /**
     * The form without JavaScript: check, backtest or download the draft. A backtest is started as a
     * job ({@link BacktestJobs}) and answered at once with a redirect to its page.
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@FormParam("yaml") String yaml, @FormParam("action") String action, @FormParam("since") String since,
                           @FormParam("until") String until, @FormParam(CsrfTokens.FIELD) String token,
                           @CookieParam(CsrfTokens.COOKIE) String nonce, @HeaderParam(HttpHeaders.AUTHORIZATION) String credentials)
            throws IOException {
        return submit(yaml, action, since, until, token, nonce, credentials, archive.backtest());
    }

    /** {@link #submit} backtesting with {@code backtest} (empty without an archive). */
    Response submit(String yaml, String action, String since, String until, String token, String nonce, String credentials,
                    Optional<Backtest> backtest) {
        if (!csrf.valid(nonce, token, credentials)) {
            return refused();
        }
        String text = yaml == null ? "" : yaml.replace("\r\n", "\n");
        if ("download".equals(action)) {
            String name = workbench.check(text).rule().map(r -> r.id() + ".yml").orElse("draft.yml");
            return Response.ok(text, "application/yaml; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
        }
        String from = since == null || since.isBlank() ? DEFAULT_SINCE : since.strip();
        String to = until == null ? "" : until.strip();
        if (!"backtest".equals(action)) {
            return Response.ok(page(text, from, to, nonce, credentials, null, null), MediaType.TEXT_HTML_TYPE).build();
        }
        RuleWorkbench.Check check = workbench.check(text);
        Started started = start(check, new BacktestJobs.Draft(text, from, to), backtest);
        if (started.job() != null) {
            return Response.seeOther(URI.create(JOBS + started.job().id())).build();
        }
        Response.ResponseBuilder answer = Response.status(started.full() ? 503 : 200)
                .entity(page(text, from, to, nonce, credentials, check, started.view()))
                .type(MediaType.TEXT_HTML_TYPE);
        if (started.full()) {
            answer.header("Retry-After", "10");
        }
        return answer.build();
    }

    /** A backtest asked for: its job, or why there is none ({@code view}, {@code full} when the queue was full). */
    record Started(BacktestJobs.Job job, BacktestView view, boolean full) {}

    /** Starts a backtest job for a checked draft, or says at once why it cannot run (draft, range, no archive, queue full). */
    Started start(RuleWorkbench.Check check, BacktestJobs.Draft draft, Optional<Backtest> backtest) {
        if (check.rule().isEmpty()) {
            return new Started(null, BacktestView.failed("The draft does not load; fix the problems above, then backtest."), false);
        }
        if (backtest.isEmpty()) {
            return new Started(null, BacktestView.failed(
                    "This instance has no archive (NEWSWATCH_ARCHIVE_ENABLED=false, or its folder could not be opened: see the log)."), false);
        }
        Instant from;
        Instant to;
        try {
            Instant now = clock.instant();
            from = TimeParameter.parse("since", draft.since(), now);
            to = TimeParameter.parse("until", draft.until(), now);
            if (from != null && to != null && !from.isBefore(to)) {
                throw new ArchiveRequestException("since", "since (" + from + ") must be before until (" + to + ")");
            }
        } catch (ArchiveRequestException e) {
            return new Started(null, BacktestView.failed(e.parameter() + ": " + e.getMessage()), false);
        }
        Backtest archiveBacktest = backtest.get();
        try {
            return new Started(jobs.submit(draft, () -> backtest(check, from, to, archiveBacktest)), null, false);
        } catch (BacktestJobs.QueueFullException e) {
            return new Started(null, BacktestView.failed("Not started: " + e.getMessage() + "."), true);
        }
    }

    /** A backtest's page: the workbench with the job's draft, and the job's state or result. */
    @GET
    @Path("backtests/{id}")
    public Response job(@PathParam("id") String id, @CookieParam(CsrfTokens.COOKIE) String nonce,
                        @HeaderParam(HttpHeaders.AUTHORIZATION) String credentials) {
        Optional<BacktestJobs.Job> job = BacktestJobs.wellFormed(id) ? jobs.job(id) : Optional.empty();
        boolean fresh = !CsrfTokens.wellFormed(nonce);
        String cookie = fresh ? csrf.newNonce() : nonce;
        String html;
        if (job.isPresent()) {
            BacktestJobs.Draft draft = job.get().draft();
            html = view(draft.yaml(), draft.since(), draft.until(), cookie, credentials)
                    .data("check", CheckView.of(workbench.check(draft.yaml()))).data("backtest", job.get().result())
                    .data("job", JobView.of(job.get(), clock.instant())).render();
        } else {
            html = view(STARTER, DEFAULT_SINCE, "", cookie, credentials).data("check", CheckView.of(workbench.check(STARTER)))
                    .data("backtest", BacktestView.failed(expired())).data("job", null).render();
        }
        Response.ResponseBuilder answer = Response.status(job.isPresent() ? 200 : 404).entity(html).type(MediaType.TEXT_HTML_TYPE);
        if (fresh) {
            answer.cookie(cookie(cookie));
        }
        return answer.build();
    }

    /**
     * A backtest's section alone, for htmx to poll: while the job runs it carries the polling
     * trigger, once done (or expired) it does not, so the polling stops.
     */
    @GET
    @Path("backtests/{id}/section")
    public String jobSection(@PathParam("id") String id) {
        Optional<BacktestJobs.Job> job = BacktestJobs.wellFormed(id) ? jobs.job(id) : Optional.empty();
        if (job.isEmpty()) {
            return section.data("yaml", "").data("job", null).data("backtest", BacktestView.failed(expired())).render();
        }
        return section.data("yaml", job.get().draft().yaml()).data("job", JobView.of(job.get(), clock.instant()))
                .data("backtest", job.get().result()).render();
    }

    private String expired() {
        return "This backtest is unknown or has expired: results are kept for " + NotificationsConsole.in(jobs.settings().keep()).substring("in ".length())
                + " after they finish (NEWSWATCH_CONSOLE_BACKTEST_KEEP). Backtest the draft again from the workbench.";
    }

    /** A job as its section shows it; {@code href} is its page, {@code poll} its section. */
    @TemplateData
    public record JobView(String id, boolean done, boolean queued, int ahead, long seconds, String ruleId, String href, String poll) {
        static JobView of(BacktestJobs.Job job, Instant now) {
            return new JobView(job.id(), job.done(), job.queued(), job.ahead(), job.seconds(now),
                    job.done() ? job.result().ruleId() : "", JOBS + job.id(), JOBS + job.id() + "/section");
        }
    }

    /** The workbench page after a Check, or with a backtest's outcome that needs no job ({@code backtest}, null for none). */
    String page(String yaml, String since, String until, String nonce, String credentials, RuleWorkbench.Check checked,
                BacktestView backtest) {
        RuleWorkbench.Check check = checked != null ? checked : workbench.check(yaml);
        return view(yaml, since, until, nonce, credentials).data("check", CheckView.of(check)).data("backtest", backtest)
                .data("job", null).render();
    }

    /** The live check, for htmx: the problems panel alone. */
    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response check(@FormParam("yaml") String yaml, @FormParam(CsrfTokens.FIELD) String token,
                          @CookieParam(CsrfTokens.COOKIE) String nonce, @HeaderParam(HttpHeaders.AUTHORIZATION) String credentials) {
        if (!csrf.valid(nonce, token, credentials)) {
            return refused();
        }
        String text = yaml == null ? "" : yaml.replace("\r\n", "\n");
        return Response.ok(checkFragment.data("check", CheckView.of(workbench.check(text))).render(), MediaType.TEXT_HTML_TYPE).build();
    }

    static Response refused() {
        return Response.status(403).type(MediaType.TEXT_PLAIN_TYPE)
                .entity("Refused: the form's CSRF token is missing or does not match this browser's cookie. Reload the workbench and try again.\n")
                .build();
    }

    private TemplateInstance view(String yaml, String since, String until, String nonce, String credentials) {
        return page.data("yaml", yaml).data("since", since).data("until", until)
                .data("csrf", csrf.token(nonce, credentials))
                .data("rules", rules.activeRules().stream().map(r -> r.id()).sorted().toList());
    }

    /** Runs a backtest of a draft that loads over [from, to) (on a job's thread). */
    BacktestView backtest(RuleWorkbench.Check check, Instant from, Instant to, Backtest backtest) throws IOException {
        LoadedRule draft = check.rule().orElseThrow();
        try {
            Optional<Query> inForce = rules.rule(draft.id()).flatMap(rule -> {
                try {
                    return Optional.of(rules.compiler().compile(rule.query()));
                } catch (QueryException e) {
                    return Optional.empty(); // compiled when it loaded; only an alias change since could break it
                }
            });
            Backtest.Result r = backtest.run(new Backtest.Request(draft.query(), inForce, from, to, LIST_LIMIT));
            var diff = r.diff();
            return new BacktestView(draft.id(), inForce.isPresent(), Views.time(from), to == null ? "now" : Views.time(to), r.matched(),
                    Views.dayChart("Matches", r.perDay()), r.matches().stream().map(Views::hit).toList(),
                    diff.map(Backtest.Diff::inForceMatched).orElse(0L), diff.map(Backtest.Diff::added).orElse(r.matched()),
                    diff.map(Backtest.Diff::lost).orElse(0L),
                    diff.map(d -> d.addedDocuments().stream().map(Views::hit).toList()).orElse(List.of()),
                    diff.map(d -> d.lostDocuments().stream().map(Views::hit).toList()).orElse(List.of()),
                    r.timedOut(), r.capped(), r.tookMillis(), null);
        } catch (ArchiveRequestException e) {
            return BacktestView.failed(e.parameter() + ": " + e.getMessage());
        }
    }

    /** The current text of the file of the rule in force with this id, when there is one. */
    private Optional<String> ruleText(String id) {
        for (RuleState state : rules.states()) {
            if (state.active() != null && state.active().id().equals(id)) {
                try {
                    if (Files.size(state.file()) <= RuleWorkbench.MAX_BYTES) {
                        return Optional.of(Files.readString(state.file()));
                    }
                } catch (IOException | RuntimeException e) {
                    return Optional.empty(); // gone or unreadable since it loaded: the starter is shown instead
                }
            }
        }
        return Optional.empty();
    }
}
