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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
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
@Path("/console/workbench")
@Produces(MediaType.TEXT_HTML)
public class WorkbenchConsole {
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
                .data("backtest", null).render();
        Response.ResponseBuilder ok = Response.ok(html, MediaType.TEXT_HTML_TYPE);
        if (fresh) {
            ok.cookie(new NewCookie.Builder(CsrfTokens.COOKIE).value(cookie).path("/console").httpOnly(true)
                    .sameSite(NewCookie.SameSite.STRICT).build());
        }
        return ok.build();
    }

    /** The form without JavaScript: check, backtest or download the draft. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@FormParam("yaml") String yaml, @FormParam("action") String action, @FormParam("since") String since,
                           @FormParam("until") String until, @FormParam(CsrfTokens.FIELD) String token,
                           @CookieParam(CsrfTokens.COOKIE) String nonce, @HeaderParam(HttpHeaders.AUTHORIZATION) String credentials)
            throws IOException {
        if (!csrf.valid(nonce, token, credentials)) {
            return refused();
        }
        String text = yaml == null ? "" : yaml.replace("\r\n", "\n");
        if ("download".equals(action)) {
            String name = workbench.check(text).rule().map(r -> r.id() + ".yml").orElse("draft.yml");
            return Response.ok(text, "application/yaml; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
        }
        return Response.ok(page(text, action, since, until, nonce, credentials, archive.backtest()), MediaType.TEXT_HTML_TYPE).build();
    }

    /** The workbench page after a Check or Backtest of {@code yaml}, backtesting with {@code backtest} (empty without an archive). */
    String page(String yaml, String action, String since, String until, String nonce, String credentials, Optional<Backtest> backtest)
            throws IOException {
        RuleWorkbench.Check check = workbench.check(yaml);
        String from = since == null || since.isBlank() ? DEFAULT_SINCE : since.strip();
        String to = until == null ? "" : until.strip();
        TemplateInstance view = view(yaml, from, to, nonce, credentials).data("check", CheckView.of(check));
        view.data("backtest", "backtest".equals(action) ? backtest(check, from, to, backtest.orElse(null)) : null);
        return view.render();
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

    BacktestView backtest(RuleWorkbench.Check check, String since, String until, Backtest backtest) throws IOException {
        if (check.rule().isEmpty()) {
            return BacktestView.failed("The draft does not load; fix the problems above, then backtest.");
        }
        if (backtest == null) {
            return BacktestView.failed("This instance has no archive (NEWSWATCH_ARCHIVE_ENABLED=false, or its folder could not be opened: see the log).");
        }
        LoadedRule draft = check.rule().get();
        try {
            Instant now = clock.instant();
            Instant from = TimeParameter.parse("since", since, now);
            Instant to = TimeParameter.parse("until", until, now);
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
