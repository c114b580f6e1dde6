package io.newswatch.console;

import io.newswatch.archive.ArchiveBenchmark;
import io.newswatch.archive.ArchiveIndex;
import io.newswatch.archive.ArchiveSearcher;
import io.newswatch.archive.Backtest;
import io.newswatch.broker.Topics;
import io.newswatch.delivery.AlertGrouper;
import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.matching.EvaluationSplit;
import io.newswatch.rules.Rule;
import io.newswatch.document.Document;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.matching.RuleState;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Server time of the console's pages that read the archive (docs/benchmarks.md), over an archive of
 * N documents (default 100,000; synthetic-from-real as in ArchiveBenchmark: the texts of
 * {@code ../shared/corpus/realnews/docs}, sentences rotated per copy, spread over the 30 days before
 * now). Each page is built by the console's own code (SearchConsole, WorkbenchConsole, RuleWorkbench)
 * and rendered from the console's templates by a Qute engine set up as Quarkus sets it up for
 * {@code .html} templates (HTML escaping, strict rendering); what is timed is everything between the
 * request's parameters and the HTML string. Prints wall p50/p99 and the thread's CPU per page. The
 * other pages (overview, alerts, stories, rules, feeds, notifications) read only bounded in-memory
 * state and do not depend on the archive's size.
 *
 * <p>Arguments: documents (default 100000), archive folder (default a temp folder), repetitions (default 30);
 * {@code -Donly=REGEX} measures only the pages whose name matches, {@code -Dwarmups=N} (default 3),
 * {@code -DcountBudgetMillis=N} the console search's count budget (default that of the console, 50 ms).
 */
public final class ConsolePagesBenchmark {
    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path folder = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("console-bench");
        int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Clock clock = Clock.systemUTC();
        fill(folder, total, clock.instant());

        RuleRegistry rules = new RuleRegistry(Path.of("rules"), new RuleLoader(), rule -> {});
        rules.reload();
        Engine engine = engine(Path.of("src/main/resources/templates"));
        try (ArchiveIndex index = ArchiveIndex.openReadOnly(folder)) {
            ArchiveSearcher searcher = new ArchiveSearcher(index, rules::compiler, 100);
            Backtest backtest = new Backtest(index, searcher, Duration.ofSeconds(30), 100_000, clock);

            SearchConsole search = new SearchConsole();
            search.clock = clock;
            search.countBudget = Duration.ofMillis(Long.getLong("countBudgetMillis", SearchConsole.DEFAULT_COUNT_BUDGET.toMillis()));
            search.page = engine.getTemplate("console/search.html");
            WorkbenchConsole workbench = new WorkbenchConsole();
            workbench.rules = rules;
            workbench.workbench = new RuleWorkbench(rules::compiler, Path.of("rules"), Topics.DEFAULTS);
            workbench.csrf = CsrfTokens.withRandomKey();
            workbench.clock = clock;
            workbench.page = engine.getTemplate("console/workbench.html");
            workbench.checkFragment = engine.getTemplate("console/workbench-check.html");
            workbench.section = engine.getTemplate("console/workbench-backtest.html");
            workbench.jobs = new BacktestJobs(BacktestJobs.Settings.DEFAULTS, clock);
            String nonce = workbench.csrf.newNonce();

            System.out.printf("console pages over %,d archived documents, %d repetitions each (after the warm-ups); console search count budget %s; wall p50/p99 and thread CPU mean per page%n",
                    total, repetitions, search.countBudget);
            int firsts = Integer.getInteger("first", 0);
            if (firsts > 0) {
                // The first search of each rule's query on a freshly opened searcher (search cache empty), page 1, as a user
                // typing it into the console meets it: cold (never searched, not pre-filled) and, with -Dprefill=true,
                // after the rule was pre-filled as a rule in force; with -Dprepared=true, after the rules in force were readied
                // (ArchiveSearcher.prepare, as the daemon does when they come in force), outside the time measured.
                boolean prefill = Boolean.getBoolean("prefill");
                String readied = Boolean.getBoolean("prepared") ? " (prepared)" : "";
                for (RuleState state : rules.states()) {
                    for (String order : List.of("newest", "score")) {
                        SearchConsole.Form first = new SearchConsole.Form(state.active().query(), null, null, null, order, 20, null);
                        measureFirst("first search rule " + state.active().id() + " " + order + " page 1" + (prefill ? " (pre-filled)" : " (cold)") + readied,
                                firsts, index, rules, prefill, s -> search.render(first, Optional.of(s)).render());
                    }
                }
            }
            inMemoryPages(rules, engine, clock, repetitions);

            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("word sanctions", "sanctions");
            queries.put("word oil", "oil");
            queries.put("phrase \"prime minister\"", "\"prime minister\"");
            SearchConsole.Form broken = new SearchConsole.Form("troops AND (border", null, null, null, null, 20, null);
            measure("search with a parse error", repetitions, () -> search.render(broken, Optional.of(searcher)).render());
            for (RuleState state : rules.states()) {
                String yaml = Files.readString(state.file());
                String id = state.active().id();
                measure("workbench live check " + id, repetitions, () -> workbench.checkFragment.data("check",
                        WorkbenchConsole.CheckView.of(workbench.workbench.check(yaml))).render());
                measure("workbench check page " + id, repetitions,
                        () -> workbench.page(yaml, WorkbenchConsole.DEFAULT_SINCE, "", nonce, null, null, null));
            }
            Map<String, String> ruleQueries = new LinkedHashMap<>();
            for (RuleState state : rules.states()) {
                ruleQueries.put("rule " + state.active().id(), state.active().query());
            }
            for (Map<String, String> set : List.of(queries, ruleQueries)) {
                for (Map.Entry<String, String> q : set.entrySet()) {
                    for (String order : List.of("newest", "score")) {
                        SearchConsole.Form first = new SearchConsole.Form(q.getValue(), null, null, null, order, 20, null);
                        measure("search " + q.getKey() + " " + order + " page 1", repetitions,
                                () -> search.render(first, Optional.of(searcher)).render());
                        String cursor = ONLY.matcher("search " + q.getKey() + " " + order + " page 2").find()
                                ? cursorOf(search.render(first, Optional.of(searcher)).render()) : null;
                        if (set == ruleQueries && order.equals("newest")) {
                            SearchConsole.Form exact = new SearchConsole.Form(q.getValue(), null, null, null, order, 20, null, true);
                            measure("search " + q.getKey() + " " + order + " page 1, count exactly", repetitions,
                                    () -> search.render(exact, Optional.of(searcher)).render());
                        }
                        if (cursor != null) {
                            SearchConsole.Form second = new SearchConsole.Form(q.getValue(), null, null, null, order, 20, cursor);
                            measure("search " + q.getKey() + " " + order + " page 2", repetitions,
                                    () -> search.render(second, Optional.of(searcher)).render());
                        }
                    }
                }
            }
            for (RuleState state : rules.states()) {
                String yaml = Files.readString(state.file());
                String id = state.active().id();
                for (String since : List.of("30d", "3650d")) {
                    measureBacktest("workbench backtest " + since + " " + id, Math.max(3, repetitions / 3), workbench, yaml, since, backtest, nonce);
                }
            }
            workbench.jobs.close();
        }
        rules.close();
    }

    /**
     * The pages that read only memory, filled to their limits: the rules page with the shipped rules evaluated on the
     * real-news labels (every false positive and negative listed), the notifications page with 200 deliveries, 200 dead
     * letters, 100 pending notifications and 100 waiting groups.
     */
    static void inMemoryPages(RuleRegistry rules, Engine engine, Clock clock, int repetitions) throws Exception {
        Path labels = Path.of("../shared/corpus/realnews/labels.tsv");
        if (Files.isRegularFile(labels) && ONLY.matcher("rules page with the evaluation").find()) {
            try (RuleEvaluations evaluations = new RuleEvaluations(new RuleEvaluations.Settings(labels, null, EvaluationSplit.ALL),
                    new RuleEvaluations.RulesInForce(rules::version,
                            () -> rules.activeRules().stream().map(Rule::id).collect(java.util.stream.Collectors.toSet()), rules::match),
                    new DocumentFileReader(), clock)) {
                long t0 = System.nanoTime();
                evaluations.refresh();
                while (evaluations.status().orElseThrow().running()) {
                    Thread.sleep(50);
                }
                long cpu = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("newswatch-evaluation"))
                        .mapToLong(t -> ManagementFactory.getThreadMXBean().getThreadCpuTime(t.threadId())).sum();
                System.out.printf(Locale.ROOT, "evaluation of %d rule(s) on %s in the background: %.1f s wall, %.1f s CPU (%s)%n",
                        rules.activeCount(), labels, (System.nanoTime() - t0) / 1e9, cpu / 1e9, evaluations.status().orElseThrow().error() == null
                                ? evaluations.status().orElseThrow().report().corpus() : evaluations.status().orElseThrow().error());
                ConsolePages pages = new ConsolePages();
                pages.rules = rules;
                pages.evaluations = evaluations;
                pages.rulesPage = engine.getTemplate("console/rules.html");
                measure("rules page with the evaluation", repetitions, pages::rules);
            }
        }
        DeliveryActivity delivery = new DeliveryActivity("127.0.0.1:1", "pending", "ledger", "dlq", 200);
        for (int i = 0; i < 400; i++) {
            byte[] ledger = ("{\"notification\":\"n" + i + "\",\"rule\":\"treaty\",\"outcome\":\"delivered\",\"at\":\"2026-12-01T10:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            delivery.accept("ledger", "ops/a" + i, ledger, 0);
            byte[] dead = ("{\"kind\":\"notification\",\"recipient\":\"ops\",\"channel\":\"webhook\",\"rule\":\"treaty\","
                    + "\"reason\":\"connection refused\",\"attempts\":5,\"alerts\":[{}]}").getBytes(StandardCharsets.UTF_8);
            delivery.accept("dlq", "d" + i, dead, 0);
            if (i < 100) {
                byte[] pending = ("{\"notification\":\"p" + i + "\",\"recipient\":\"ops\",\"rule\":\"treaty\",\"savedAt\":\"2026-12-01T09:00:00Z\",\"alerts\":[{}]}")
                        .getBytes(StandardCharsets.UTF_8);
                delivery.accept("pending", "ops/p" + i, pending, 0);
            }
        }
        List<AlertGrouper.WaitingGroup> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(new AlertGrouper.WaitingGroup(new AlertGrouper.GroupKey("ops", "treaty", "story-" + i), 3,
                    clock.instant().plusSeconds(i), "A title " + i, "A story " + i));
        }
        Path dir = Files.createTempDirectory("console-bench-rules");
        Files.writeString(dir.resolve("_recipients.yml"), "recipients:\n  ops:\n    email: ops@example.org\n    default: true\n");
        NotificationsConsole notifications = new NotificationsConsole();
        notifications.delivery = delivery;
        notifications.rules = rules;
        notifications.clock = clock;
        notifications.setup = new NotifierSetup(dir.resolve("_recipients.yml"), true, () -> true, () -> waiting);
        notifications.page = engine.getTemplate("console/notifications.html");
        measure("notifications page (200+200+100+100 rows)", repetitions, notifications::notifications);
    }

    /**
     * A workbench backtest as the console runs it: the POST's answer (check the draft, start the job: what the
     * browser waits for before the redirect), the job's own CPU on its thread (in the background), and the job's
     * page and polled section once the result is there.
     */
    static void measureBacktest(String what, int repetitions, WorkbenchConsole workbench, String yaml, String since, Backtest backtest,
                                String nonce) throws Exception {
        if (!ONLY.matcher(what).find()) {
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[repetitions];
        long answerCpu = 0;
        long jobCpu = 0;
        long[] jobWall = new long[repetitions];
        String jobId = null;
        for (int i = 0; i < repetitions + 1; i++) {
            long j0 = jobThreadsCpu(threads);
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            WorkbenchConsole.Started started = workbench.start(workbench.workbench.check(yaml), new BacktestJobs.Draft(yaml, since, ""),
                    Optional.of(backtest));
            long answered = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - c0;
            if (started.job() == null) {
                throw new IllegalStateException(what + ": not started: " + started.view().error());
            }
            while (!workbench.jobs.job(started.job().id()).orElseThrow().done()) {
                Thread.sleep(5);
            }
            long done = System.nanoTime() - t0;
            if (i == 0) {
                continue; // the warm-up
            }
            wall[i - 1] = answered;
            answerCpu += cpu;
            jobCpu += jobThreadsCpu(threads) - j0;
            jobWall[i - 1] = done;
            jobId = started.job().id();
        }
        Arrays.sort(wall);
        Arrays.sort(jobWall);
        System.out.printf(Locale.ROOT, "%-52s p50 %7.1f ms  p99 %7.1f ms  CPU %7.1f ms  (the POST's answer)%n", what + " answer",
                wall[repetitions / 2] / 1e6, wall[repetitions - 1] / 1e6, answerCpu / 1e6 / repetitions);
        System.out.printf(Locale.ROOT, "%-52s p50 %7.1f ms  p99 %7.1f ms  CPU %7.1f ms  (in the background, job thread)%n", what + " job",
                jobWall[repetitions / 2] / 1e6, jobWall[repetitions - 1] / 1e6, jobCpu / 1e6 / repetitions);
        String id = jobId;
        measure(what + " job page (done)", repetitions, () -> (String) workbench.job(id, nonce, null).getEntity());
        measure(what + " polled section (done)", repetitions, () -> workbench.jobSection(id));
    }

    /** CPU time of the backtest job threads so far (the last job's thread is done with it once the job is done). */
    private static long jobThreadsCpu(ThreadMXBean threads) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("newswatch-backtest-"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.threadId()))).sum();
    }

    /** Which pages to measure (a regular expression over their names; -Donly=...), and warm-ups per page (-Dwarmups=3). */
    static final java.util.regex.Pattern ONLY = java.util.regex.Pattern.compile(System.getProperty("only", ".*"));
    static final int WARMUPS = Integer.getInteger("warmups", 3);

    static void measure(String what, int repetitions, Callable<String> page) throws Exception {
        if (!ONLY.matcher(what).find()) {
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUPS; i++) {
            page.call();
        }
        long[] wall = new long[repetitions];
        long cpu = 0;
        int bytes = 0;
        for (int i = 0; i < repetitions; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            bytes = page.call().length();
            wall[i] = System.nanoTime() - t0;
            cpu += threads.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-52s p50 %7.1f ms  p99 %7.1f ms  CPU %7.1f ms  (%,d chars)%n", what, wall[repetitions / 2] / 1e6,
                wall[Math.min(repetitions - 1, (int) Math.ceil(repetitions * 0.99) - 1)] / 1e6, cpu / 1e6 / repetitions, bytes);
        System.out.flush();
    }

    @FunctionalInterface
    interface FirstPage {
        String render(ArchiveSearcher searcher) throws Exception;
    }

    /** A page measured as the first search of a freshly opened searcher, {@code runs} times (no warm-up). */
    static void measureFirst(String what, int runs, ArchiveIndex index, RuleRegistry rules, boolean prefill,
                             FirstPage page) throws Exception {
        if (!ONLY.matcher(what).find()) {
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            try (ArchiveSearcher fresh = new ArchiveSearcher(index, rules::compiler, 100)) {
                if (Boolean.getBoolean("prepared")) {
                    fresh.prepare(rules.states().stream().map(st -> st.active().query()).toList());
                }
                if (prefill) {
                    fresh.prefill(rules.states().stream().map(st -> st.active().query()).toList());
                    fresh.awaitPrefill(Duration.ofMinutes(20));
                }
                long c0 = threads.getCurrentThreadCpuTime();
                page.render(fresh);
                cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            }
        }
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-64s CPU p50 %7.1f ms  max %7.1f ms  (%d runs, each the first search of a fresh searcher)%n", what,
                cpu[(runs - 1) / 2] / 1e6, cpu[runs - 1] / 1e6, runs);
        System.out.flush();
    }

    private static String cursorOf(String html) {
        int at = html.indexOf("cursor=");
        if (at < 0) {
            return null;
        }
        int end = html.indexOf('"', at);
        return java.net.URLDecoder.decode(html.substring(at + "cursor=".length(), end).replace("&amp;", "&"), StandardCharsets.UTF_8);
    }

    /** Writes documents until the archive holds {@code total}; an archive left by an earlier run is reused. */
    static void fill(Path folder, int total, Instant end) throws Exception {
        try (ArchiveIndex index = ArchiveIndex.openForWriting(folder)) {
            int existing = index.search(s -> s.getIndexReader().numDocs());
            if (existing >= total) {
                return;
            }
            List<Document> real = ArchiveBenchmark.realNews();
            long spanMillis = Duration.ofDays(30).toMillis();
            long t0 = System.nanoTime();
            for (int i = existing; i < total; i++) {
                Document base = real.get(i % real.size());
                Instant published = end.minusMillis((long) ((double) i / total * spanMillis));
                index.put(new Document(String.format("bench-%08d", i), base.source(), base.location(), base.title(),
                        ArchiveBenchmark.rotate(base.body(), i / real.size()), published, "en", published, List.of(), List.of()), published);
                if (i % 2000 == 1999) {
                    index.commit(Map.of("bench:0", (long) i + 1));
                }
            }
            index.commit(Map.of("bench:0", (long) total));
            System.out.printf("archive: %,d documents written in %.0f s into %s%n", total - existing, (System.nanoTime() - t0) / 1e9, folder);
        }
    }

    /** A Qute engine as Quarkus configures it for the console's {@code .html} templates. */
    static Engine engine(Path templates) {
        return Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver()).addValueResolver(ValueResolvers.rawResolver())
                .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML))).strictRendering(true)
                .addLocator(id -> {
                    Path file = templates.resolve(id);
                    if (!Files.isRegularFile(file)) {
                        return Optional.empty();
                    }
                    return Optional.of(new TemplateLocator.TemplateLocation() {
                        @Override
                        public Reader read() {
                            try {
                                return Files.newBufferedReader(file, StandardCharsets.UTF_8);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }

                        @Override
                        public Optional<Variant> getVariant() {
                            return Optional.of(new Variant(Locale.ROOT, StandardCharsets.UTF_8, Variant.TEXT_HTML));
                        }
                    });
                }).build();
    }
}
