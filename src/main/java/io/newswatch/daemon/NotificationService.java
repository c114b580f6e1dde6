package io.newswatch.daemon;

import io.newswatch.delivery.Recipient;

import io.newswatch.delivery.RecipientsFile;

import io.newswatch.delivery.Notifier;

import io.newswatch.delivery.Recipients;

import io.newswatch.config.InvalidFileException;

import io.newswatch.delivery.NotificationChannel;

import io.newswatch.config.NewswatchConfig;
import io.newswatch.broker.Topics;
import io.newswatch.config.NotificationsConfig;
import io.newswatch.delivery.email.EmailChannel;
import io.newswatch.delivery.email.EmailRenderer;
import io.newswatch.delivery.email.VertxMailTransport;
import io.newswatch.delivery.webhook.AddressGuard;
import io.newswatch.delivery.webhook.WebhookChannel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.ext.mail.MailClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link Notifier} in the daemon. It starts once the application has started and the
 * rule lookup has been provided (whichever comes last), and only when
 * {@code newswatch.notify.enabled} is true and {@code <rules-dir>/_recipients.yml} names recipients.
 * On shutdown it lets notifications being sent finish, within {@code newswatch.notify.shutdown-timeout}.
 */
@ApplicationScoped
public class NotificationService {
    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    @Inject
    NotificationsConfig config;

    @Inject
    Topics topics;

    @Inject
    Clock clock;

    @Inject
    NewswatchConfig newswatch;

    /** Built by the Quarkus mailer from {@code quarkus.mailer.*}. */
    @Inject
    MailClient mailClient;

    @ConfigProperty(name = "quarkus.mailer.from", defaultValue = "newswatch@localhost")
    String from;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String configuredBootstrapServers;

    /** The in-process broker, when the daemon runs one (it starts before this bean's startup observer). */
    @Inject
    EmbeddedKafkaStartup embeddedKafka;

    private volatile Function<String, List<String>> ruleRecipients;
    private String bootstrapServers;
    private boolean started;
    private Notifier notifier;

    /**
     * Provides each rule's {@code notify:} names (empty or null for the default recipients); the
     * notifier starts only once this is set, so no alert is routed before the rules are known.
     * The function is called from the notifier's thread and must be thread-safe. Setting it again
     * (after the rules were reloaded) takes effect for the alerts read from then on.
     */
    public synchronized void setRuleRecipients(Function<String, List<String>> ruleRecipients) {
        this.ruleRecipients = Objects.requireNonNull(ruleRecipients);
        if (started) {
            startIfConfigured();
        }
    }

    /**
     * Overrides where Kafka is; call before start. Without it the notifier uses the embedded broker
     * when one runs, else {@code kafka.bootstrap.servers} ({@code KAFKA_BOOTSTRAP_SERVERS}).
     */
    public synchronized void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** True while the notifier is running. */
    public synchronized boolean isRunning() {
        return notifier != null;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        started = true;
        if (ruleRecipients == null) {
            LOG.info("notifier: waiting for the rules before reading alerts");
            return;
        }
        startIfConfigured();
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (notifier != null) {
            notifier.close();
            notifier = null;
        }
    }

    private void startIfConfigured() {
        if (notifier != null) {
            return;
        }
        if (!config.enabled()) {
            LOG.info("notifier: disabled by newswatch.notify.enabled=false");
            return;
        }
        Path file = Path.of(newswatch.rulesDir()).resolve(RecipientsFile.FILE_NAME);
        Recipients recipients;
        try {
            recipients = RecipientsFile.load(file);
        } catch (InvalidFileException e) {
            e.problems().forEach(p -> LOG.errorf("recipients: %s", p));
            LOG.errorf("notifier: not started; fix %s", file);
            return;
        }
        if (recipients.isEmpty()) {
            LOG.infof("notifier: not started, %s names no recipients", file);
            return;
        }
        AddressGuard guard;
        try {
            guard = new AddressGuard(config.webhookAllowedAddresses().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            LOG.errorf("notifier: not started; newswatch.notify.webhook-allowed-addresses: %s", e.getMessage());
            return;
        }
        warnAboutRefusedWebhooks(recipients, guard);
        HttpClient http = WebhookChannel.newHttpClient(config.webhookTimeout());
        VertxMailTransport mail = new VertxMailTransport(mailClient, config.emailTimeout());
        EmailRenderer renderer = new EmailRenderer();
        Function<Recipient, NotificationChannel> channels = recipient -> switch (recipient) {
            case Recipient.Email email -> new EmailChannel(email, mail, renderer, from);
            case Recipient.Webhook webhook -> new WebhookChannel(webhook, http, guard, config.webhookTimeout(), clock);
        };
        String servers = bootstrapServers != null ? bootstrapServers
                : embeddedKafka.bootstrapServers().orElse(configuredBootstrapServers);
        Function<String, List<String>> currentRules = ruleId -> ruleRecipients.apply(ruleId);
        notifier = new Notifier(Notifier.Settings.from(config, topics, servers), recipients, currentRules, channels, clock).start();
    }

    /** Says at start, rather than at the first alert, which webhooks the address guard will refuse. */
    private static void warnAboutRefusedWebhooks(Recipients recipients, AddressGuard guard) {
        for (Recipient recipient : recipients.all()) {
            if (recipient instanceof Recipient.Webhook webhook) {
                try {
                    guard.refusal(webhook.url().getHost()).ifPresent(reason -> LOG.warnf(
                            "recipient '%s': %s; its notifications will be dead-lettered", webhook.name(), reason));
                } catch (UnknownHostException e) {
                    LOG.warnf("recipient '%s': host %s does not resolve (yet); notifications will be retried",
                            webhook.name(), webhook.url().getHost());
                }
            }
        }
    }
}
