package io.newswatch.console;

import io.newswatch.config.InvalidFileException;
import io.newswatch.delivery.Recipient;
import io.newswatch.delivery.Recipients;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.matching.RuleRegistry;
import io.newswatch.rules.Rule;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.newswatch.delivery.AlertGrouper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The notifications page: the recipients of {@code _recipients.yml} with the rules routed to each,
 * the groups of alerts still inside the notifier's grouping window (with when they will be sent),
 * the notifications pending (saved and waiting for delivery or retrying), the recent deliveries and
 * the dead letters with their reasons.
 */
@Path("/console/notifications")
@Produces(MediaType.TEXT_HTML)
public class NotificationsConsole {
    @Inject DeliveryActivity delivery;
    @Inject NotifierSetup setup;
    @Inject RuleRegistry rules;
    @Inject @Location("console/notifications.html") Template page;
    @Inject Clock clock;

    /** A recipient; a webhook shows its host only, since webhook URLs often carry a token in their path. */
    @TemplateData
    public record RecipientRow(String name, String kind, String address, boolean isDefault, List<String> rules) {}

    @TemplateData
    public record PendingRow(String recipient, String notification, String rule, int alerts, String savedAt, String firstTitle) {}

    /** A group of alerts still inside the grouping window: sent as one notification at {@code due}. */
    @TemplateData
    public record WaitingRow(String recipient, String rule, String story, int alerts, String due, String in, String firstTitle) {}

    @TemplateData
    public record DeliveryRow(String recipient, String notification, String rule, String outcome, boolean ok, int alerts, String at) {}

    @TemplateData
    public record DeadLetterRow(String kind, String key, String recipient, String channel, String rule, String reason,
                                int attempts, int alerts, String at) {}

    @GET
    public String notifications() {
        List<String> problems = new ArrayList<>();
        Recipients recipients;
        try {
            recipients = RecipientsFile.load(setup.recipientsFile());
        } catch (InvalidFileException e) {
            e.problems().forEach(p -> problems.add(p.toString()));
            recipients = Recipients.NONE;
        }
        List<Rule> active = rules.activeRules();
        List<RecipientRow> recipientRows = new ArrayList<>();
        for (Recipient r : recipients.all()) {
            Recipients routing = recipients;
            List<String> routed = active.stream().filter(rule -> routing.recipientsFor(rule.recipients()).contains(r))
                    .map(Rule::id).sorted().toList();
            recipientRows.add(switch (r) {
                case Recipient.Email email -> new RecipientRow(email.name(), "email", email.address(), email.isDefault(), routed);
                case Recipient.Webhook hook -> new RecipientRow(hook.name(), "webhook",
                        hook.url().getScheme() + "://" + hook.url().getHost() + (hook.url().getPort() > 0 ? ":" + hook.url().getPort() : "") + "/…",
                        hook.isDefault(), routed);
            });
        }
        long[] totals = delivery.totals();
        return page.data("enabled", setup.enabled())
                .data("running", setup.running().getAsBoolean())
                .data("file", setup.recipientsFile().getFileName().toString())
                .data("problems", problems)
                .data("recipients", recipientRows)
                .data("waiting", waiting(setup.waitingGroups().get(), clock.instant()))
                .data("pending", delivery.pending().stream().map(p -> new PendingRow(p.recipient(), p.notification(), p.rule(),
                        p.alerts(), Views.time(p.savedAt()), p.firstTitle())).toList())
                .data("deliveries", delivery.recentDeliveries().stream().map(d -> new DeliveryRow(d.recipient(), d.notification(),
                        d.rule(), d.outcome(), "delivered".equals(d.outcome()), d.alerts(), Views.time(d.at()))).toList())
                .data("deadLetters", delivery.recentDeadLetters().stream().map(d -> new DeadLetterRow(d.kind(), d.key(), d.recipient(),
                        d.channel(), d.rule(), d.reason(), d.attempts(), d.alerts(), Views.time(d.at()))).toList())
                .data("deliveredAlerts", totals[0])
                .data("deadLettered", totals[1])
                .render();
    }

    static List<WaitingRow> waiting(List<AlertGrouper.WaitingGroup> groups, Instant now) {
        return groups.stream().map(g -> new WaitingRow(g.key().recipient(), g.key().ruleId(),
                g.key().storyId().isEmpty() ? "" : g.storyTitle().isEmpty() ? g.key().storyId() : g.storyTitle(),
                g.alerts(), Views.time(g.due()), in(Duration.between(now, g.due())), g.firstTitle())).toList();
    }

    /** "in 4 min 10 s", "now" once due. */
    static String in(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "now";
        }
        long seconds = (left.toMillis() + 999) / 1000;
        if (seconds < 60) {
            return "in " + seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return "in " + minutes + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return "in " + minutes / 60 + " h " + minutes % 60 + " min";
    }
}
