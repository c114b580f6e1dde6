package io.newswatch.console;

import io.newswatch.alerts.Alert;
import io.newswatch.archive.ArchivedHit;
import io.newswatch.evaluation.EvaluationReport;
import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.ingest.feeds.FeedStatus;
import io.newswatch.matching.Highlight;
import io.newswatch.matching.RuleState;
import io.newswatch.config.FileProblem;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Locale;
import java.util.SortedMap;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The values the console's templates show, flattened to strings the templates print as they are. */
public final class Views {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Views() {}

    @TemplateData
    public record AlertRow(String id, String rule, String severity, String title, String link, String source,
                           String published, String time, String snippetHtml) {}

    @TemplateData
    public record RuleRow(String id, String file, String status, boolean ok, String title, String severity,
                          String query, List<String> problems, List<String> warnings, RuleEvaluationRow evaluation) {}

    /**
     * A rule's figures on the labels file ({@link io.newswatch.evaluation.RuleEvaluations}); null figures when the
     * labels file has no label for the rule ({@code note} says so).
     */
    @TemplateData
    public record RuleEvaluationRow(boolean scored, int tp, int fp, int fn, int tn, String precision, String recall, String f1,
                                    List<EvaluationError> falsePositives, List<EvaluationError> falseNegatives, String note) {}

    /** A document the rule got wrong: its path, title, the labeller's note and (false positives) the words that fired it. */
    @TemplateData
    public record EvaluationError(String document, String title, String reason, String words) {}

    /** Where the evaluation stands, above the rules table; null when no labels file is configured. */
    @TemplateData
    public record EvaluationPanel(String labels, String documents, String split, boolean running, boolean hasReport, String evaluatedAt,
                                  boolean current, String corpus, String error, List<String> problems) {}

    @TemplateData
    public record FeedRow(String name, String url, String discoveredUrl, String movedTo, String state, boolean failing, String lastSuccess, String lastError,
                          String reason, String nextPoll, long itemsSeen) {}

    @TemplateData
    public record Bar(String x, String y, String height, String label) {}

    @TemplateData
    public record Chart(String title, String span, long total, String barWidth, List<Bar> bars) {}

    /** One archived document in a search or backtest result. */
    @TemplateData
    public record HitRow(String id, String title, String link, String source, String published, String snippetHtml,
                         List<String> alertedBy) {}

    static HitRow hit(ArchivedHit hit) {
        String title = hit.title() == null || hit.title().isBlank() ? hit.id() : hit.title();
        List<String> terms = hit.highlights().stream().map(Highlight::term).toList();
        return new HitRow(hit.id(), title, hit.url(), (hit.source() == null ? "" : hit.source()) + (hit.path() != null ? " · " + hit.path() : ""),
                time(hit.published()), Html.marked(hit.snippet(), terms),
                hit.alerts().stream().map(ArchivedHit.AlertRef::rule).distinct().sorted().toList());
    }

    /** A bar chart of counts per UTC day (viewBox 0 0 480 100), the days without hits included. */
    static Chart dayChart(String title, SortedMap<LocalDate, Long> days) {
        List<Bar> bars = new ArrayList<>();
        long total = days.values().stream().mapToLong(Long::longValue).sum();
        if (days.isEmpty()) {
            return new Chart(title, "per day", 0, "1.0", bars);
        }
        LocalDate first = days.firstKey();
        LocalDate last = days.lastKey();
        long span = java.time.temporal.ChronoUnit.DAYS.between(first, last) + 1;
        if (span > MAX_DAYS) { // a long range: its last MAX_DAYS days
            first = last.minusDays(MAX_DAYS - 1);
            span = MAX_DAYS;
        }
        long max = Math.max(1, days.tailMap(first).values().stream().mapToLong(Long::longValue).max().orElse(1));
        double width = 480.0 / span;
        for (int i = 0; i < span; i++) {
            LocalDate day = first.plusDays(i);
            long n = days.getOrDefault(day, 0L);
            double h = 90.0 * n / max;
            bars.add(new Bar(fmt(i * width + 1), fmt(95 - h), fmt(h), day + ": " + n));
        }
        return new Chart(title, "per UTC day", total, fmt(Math.max(1, width - 2)), bars);
    }

    static final int MAX_DAYS = 120;

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static AlertRow alert(Alert alert) {
        Alert.DocumentSummary d = alert.document();
        String link = d.url() != null ? d.url() : null;
        List<String> terms = alert.highlights().stream().map(Highlight::term).toList();
        String title = d.title() == null || d.title().isBlank() ? d.id() : d.title();
        return new AlertRow(alert.id(), alert.rule().id(), alert.rule().severity(), title, link,
                d.source() + (d.path() != null ? " · " + d.path() : ""), time(d.published()), time(alert.time()),
                Html.marked(alert.snippet(), terms));
    }

    static RuleRow rule(RuleState state, RuleEvaluationRow evaluation) {
        List<String> problems = state.problems().stream().map(FileProblem::toString).toList();
        List<String> warnings = state.warnings().stream().map(FileProblem::toString).toList();
        var rule = state.active();
        String status = state.status();
        return new RuleRow(rule == null ? "" : rule.id(), state.file().getFileName().toString(), status,
                "ok".equals(status), rule == null ? "" : rule.title(), rule == null ? "" : rule.severity().label(),
                rule == null ? "" : rule.query(), problems, warnings, evaluation);
    }

    static EvaluationPanel evaluationPanel(RuleEvaluations.Status status) {
        EvaluationReport report = status.report();
        return new EvaluationPanel(status.labels().toString(), status.documents().toString(), status.split().label(), status.running(),
                report != null, time(status.reportTime()), status.current(), report == null ? "" : report.corpus(),
                status.error() == null ? "" : status.error(),
                report == null ? status.errorProblems() : report.problems());
    }

    /** The row of rule {@code id} in the last report; null when there is no report yet. */
    static RuleEvaluationRow ruleEvaluation(RuleEvaluations.Status status, String id) {
        EvaluationReport report = status.report();
        if (report == null || id.isEmpty()) {
            return null;
        }
        return report.score(id).map(s -> new RuleEvaluationRow(true, s.truePositives(), s.falsePositives(), s.falseNegatives(),
                        s.trueNegatives(), EvaluationReport.figure(s.precision()), EvaluationReport.figure(s.recall()),
                        EvaluationReport.figure(s.f1()),
                        s.falsePositiveDocuments().stream().map(e -> new EvaluationError(e.document(), e.title(), e.reason(),
                                String.join(", ", e.words()))).toList(),
                        s.falseNegativeDocuments().stream().map(e -> new EvaluationError(e.document(), e.title(), e.reason(), "")).toList(), ""))
                .orElse(new RuleEvaluationRow(false, 0, 0, 0, 0, "", "", "", List.of(), List.of(), "no label for this rule in the labels file"));
    }

    static FeedRow feed(FeedStatus feed) {
        boolean failing = feed.disabled() || feed.consecutiveErrors() > 0;
        String state = feed.disabled() ? "disabled" : feed.consecutiveErrors() > 0 ? "failing (" + feed.consecutiveErrors() + ")"
                : feed.lastSuccess() != null ? "ok" : "waiting";
        String reason = feed.disabled() && feed.disabledReason() != null ? feed.disabledReason()
                : feed.lastErrorReason() == null ? "" : feed.lastErrorReason();
        return new FeedRow(feed.name() == null ? feed.url() : feed.name(), feed.url(),
                feed.discoveredUrl() == null ? "" : feed.discoveredUrl(), movedTo(feed), state, failing, time(feed.lastSuccess()), time(feed.lastError()), reason, time(feed.nextFetch()), feed.itemsSeen());
    }

    /** Where a feed is fetched from now, when a permanent redirect moved it (not discovery, shown on its own). */
    private static String movedTo(FeedStatus feed) {
        String current = feed.currentUrl();
        if (current == null || current.equals(feed.url()) || current.equals(feed.discoveredUrl())) {
            return "";
        }
        return current;
    }

    /** A bar chart of hourly counts as SVG coordinates (viewBox 0 0 480 100). */
    static Chart chart(String title, List<HourlyCounts.Hour> hours) {
        long max = Math.max(1, hours.stream().mapToLong(HourlyCounts.Hour::count).max().orElse(1));
        double width = 480.0 / Math.max(1, hours.size());
        long total = 0;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            HourlyCounts.Hour hour = hours.get(i);
            total += hour.count();
            double h = 90.0 * hour.count() / max;
            bars.add(new Bar(fmt(i * width + 1), fmt(95 - h), fmt(h), time(hour.start()) + ": " + hour.count()));
        }
        return new Chart(title, "last 24 h", total, fmt(Math.max(1, width - 2)), bars);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
