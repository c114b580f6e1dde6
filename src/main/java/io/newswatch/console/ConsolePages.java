package io.newswatch.console;

import io.newswatch.alerts.Alert;
import io.newswatch.broker.TopicCreator;
import io.newswatch.evaluation.RuleEvaluations;
import io.newswatch.ingest.feeds.FeedStatuses;
import io.newswatch.matching.RuleRegistry;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The web console: server-rendered pages (Qute escapes every value) that work without JavaScript,
 * plus two live parts: the status panel refreshed by htmx and new alerts pushed by server-sent events.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {
    static final int PAGE_ALERTS = 50;

    @Inject RuleRegistry rules;
    @Inject FeedStatuses feeds;
    @Inject RecentActivity activity;
    @Inject KafkaStreams streams;
    @Inject TopicCreator kafka;
    @Inject DeliveryActivity delivery;
    @Inject RuleEvaluations evaluations;

    @Inject @Location("console/overview.html") Template overview;
    @Inject @Location("console/status.html") Template status;
    @Inject @Location("console/alerts.html") Template alerts;
    @Inject @Location("console/alert-row.html") Template alertRow;
    @Inject @Location("console/rules.html") Template rulesPage;
    @Inject @Location("console/feeds.html") Template feedsPage;

    @GET
    public String overview() {
        return withStatus(overview.instance())
                .data("latest", rows(activity.latest(20, null)))
                .data("documentsChart", Views.chart("Documents per hour", activity.documentsPerHour()))
                .data("alertsChart", Views.chart("Alerts per hour", activity.alertsPerHour())).render();
    }

    /** The status panel alone, for htmx to refresh in place. */
    @GET
    @Path("console/status")
    public String status() {
        return withStatus(status.instance()).render();
    }

    @GET
    @Path("console/alerts")
    public String alerts(@QueryParam("rule") String rule) {
        String selected = rule == null || rule.isBlank() ? "" : rule;
        return alerts.data("rules", rules.activeRules().stream().map(r -> r.id()).sorted().toList())
                .data("selected", selected)
                .data("alerts", rows(activity.latest(PAGE_ALERTS, selected))).render();
    }

    /** New alerts as they arrive: each event is one rendered, escaped table row. */
    @GET
    @Path("console/alerts/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("rule") String rule, @Context SseEventSink sink, @Context Sse sse) {
        Consumer<Alert> listener = new Consumer<>() {
            @Override
            public void accept(Alert alert) {
                if (sink.isClosed()) {
                    activity.removeListener(this);
                    return;
                }
                if (rule != null && !rule.isBlank() && !rule.equals(alert.rule().id())) {
                    return;
                }
                String html = alertRow.data("a", Views.alert(alert)).render();
                sink.send(sse.newEventBuilder().name("alert").id(alert.id()).data(html.replace("\n", " ")).build())
                        .whenComplete((ok, error) -> {
                            if (error != null) {
                                activity.removeListener(this);
                            }
                        });
            }
        };
        activity.onAlert(listener);
        sink.send(sse.newEventBuilder().comment("connected").build());
    }

    @GET
    @Path("console/rules")
    public String rules() {
        var evaluation = evaluations.status().orElse(null);
        var rows = rules.states().stream()
                .map(state -> Views.rule(state, evaluation == null || state.active() == null ? null
                        : Views.ruleEvaluation(evaluation, state.active().id())))
                .sorted(Comparator.comparing(Views.RuleRow::ok).thenComparing(Views.RuleRow::file)).toList();
        return rulesPage.data("rules", rows).data("globalProblems",
                rules.globalProblems().stream().map(Object::toString).toList())
                .data("evaluation", evaluation == null ? null : Views.evaluationPanel(evaluation)).render();
    }

    @GET
    @Path("console/feeds")
    public String feeds() {
        var rows = feeds.status().stream().map(Views::feed)
                .sorted(Comparator.comparing(Views.FeedRow::failing).reversed().thenComparing(Views.FeedRow::name)).toList();
        return feedsPage.data("feeds", rows).render();
    }

    private TemplateInstance withStatus(TemplateInstance page) {
        var states = rules.states();
        long rulesBroken = states.stream().filter(s -> !"ok".equals(s.status())).count();
        var feedRows = feeds.status().stream().map(Views::feed).toList();
        long feedsFailing = feedRows.stream().filter(Views.FeedRow::failing).count();
        KafkaStreams.State state = streams.state();
        return page.data("kafka", kafka.reachable() ? "reachable" : "unreachable")
                .data("kafkaOk", kafka.reachable())
                .data("streams", state.name())
                .data("streamsOk", state == KafkaStreams.State.RUNNING)
                .data("rulesActive", rules.activeCount())
                .data("rulesBroken", rulesBroken)
                .data("feedsTotal", feedRows.size())
                .data("feedsFailing", feedsFailing)
                .data("notificationsPending", delivery.pending().size())
                .data("deadLetters", delivery.totals()[1]);
    }

    private static List<Views.AlertRow> rows(List<Alert> alerts) {
        return alerts.stream().map(Views::alert).toList();
    }
}
