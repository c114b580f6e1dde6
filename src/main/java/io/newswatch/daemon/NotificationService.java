package io.newswatch.daemon;

import io.newswatch.broker.KafkaAddress;
import io.newswatch.config.InvalidFileException;
import io.newswatch.broker.Topics;
import io.newswatch.config.FileStamp;
import io.newswatch.config.NewswatchConfig;
import io.newswatch.broker.TopicCreator;
import io.newswatch.config.KafkaConfig;
import io.newswatch.config.NotificationsConfig;
import io.newswatch.delivery.AlertGrouper;
import io.newswatch.delivery.NotificationChannel;
import io.newswatch.delivery.Notifier;
import io.newswatch.delivery.Recipient;
import io.newswatch.delivery.Recipients;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.delivery.email.EmailChannel;
import io.newswatch.delivery.email.EmailRenderer;
import io.newswatch.delivery.email.VertxMailTransport;
import io.newswatch.delivery.webhook.AddressGuard;
import io.newswatch.delivery.webhook.WebhookChannel;
import io.vertx.ext.mail.MailClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link Notifier} in the daemon: started and stopped by {@link Lifecycle}, and only when
 * {@code newswatch.notify.enabled} is true and {@code <rules-dir>/_recipients.yml} names recipients.
 * {@link #reloadRecipients()} (on the lifecycle's watch timer) applies edits of that file, noticed by
 * its content (not its modification time, whose granularity can hide an edit): a file
 * with errors is reported (file:line:col) and the last good recipients stay in force; a changed set
 * of recipients restarts the notifier, which resends its pending notifications unchanged.
 */
@ApplicationScoped
public class NotificationService {
    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    @Inject NotificationsConfig config;
    @Inject Topics topics;
    @Inject Clock clock;
    @Inject NewswatchConfig newswatch;
    @Inject KafkaAddress kafka;
    @Inject KafkaConfig kafkaSettings;
    @Inject TopicCreator topicCreator;

    /** Built by the Quarkus mailer from {@code quarkus.mailer.*}. */
    @Inject MailClient mailClient;

    @ConfigProperty(name = "quarkus.mailer.from", defaultValue = "newswatch@localhost")
    String from;

    private Function<String, List<String>> ruleRecipients;
    /** {@code _recipients.yml} as last read (content included, {@link FileStamp}); empty: no file. */
    private Optional<FileStamp> stamp = Optional.empty();
    private Recipients recipients = Recipients.NONE;
    private boolean started;
    private Notifier notifier;

    /**
     * Starts the notifier with each rule's {@code notify:} names (empty or null for the default
     * recipients). The function is called from the notifier's thread and must be thread-safe.
     */
    public synchronized void start(Function<String, List<String>> ruleRecipients) {
        this.ruleRecipients = Objects.requireNonNull(ruleRecipients);
        started = true;
        if (!config.enabled()) {
            LOG.info("notifier: disabled by newswatch.notify.enabled=false");
            return;
        }
        Path file = recipientsFile();
        stamp = FileStamp.of(file);
        try {
            recipients = RecipientsFile.load(file);
        } catch (InvalidFileException e) {
            e.problems().forEach(p -> LOG.errorf("recipients: %s", p));
            LOG.errorf("notifier: not started; fix %s (it is read again when it changes)", file);
            return;
        }
        startNotifier();
    }

    /**
     * Reads {@code _recipients.yml} again if it changed since last read: errors are logged and the
     * recipients in force are kept; a different set of recipients restarts the notifier with it.
     */
    public synchronized void reloadRecipients() {
        if (!started || !config.enabled()) {
            return;
        }
        Path file = recipientsFile();
        Optional<FileStamp> now = FileStamp.of(file);
        if (now.equals(stamp)) {
            return;
        }
        stamp = now;
        Recipients loaded;
        try {
            loaded = RecipientsFile.load(file);
        } catch (InvalidFileException e) {
            e.problems().forEach(p -> LOG.errorf("recipients: %s", p));
            LOG.errorf("notifier: %s has errors; keeping the %d recipient(s) in force (%s) until it is fixed",
                    file, recipients.all().size(), String.join(", ", recipients.names()));
            return;
        }
        if (loaded.all().equals(recipients.all())) {
            return;
        }
        LOG.infof("notifier: recipients reloaded from %s: %s (were: %s)", file,
                loaded.isEmpty() ? "none" : String.join(", ", loaded.names()),
                recipients.isEmpty() ? "none" : String.join(", ", recipients.names()));
        recipients = loaded;
        stopNotifier();
        startNotifier();
    }

    /** The groups waiting inside the notifier's grouping window on this instance (none while it is not running). */
    public synchronized List<AlertGrouper.WaitingGroup> waitingGroups() {
        return notifier == null ? List.of() : notifier.waitingGroups();
    }

    /** True while the notifier is running. */
    public synchronized boolean isRunning() {
        return notifier != null;
    }

    /** Lets notifications being sent finish, within {@code newswatch.notify.shutdown-timeout}. */
    public synchronized void stop() {
        started = false;
        stopNotifier();
    }

    private Path recipientsFile() {
        return Path.of(newswatch.rulesDir()).resolve(RecipientsFile.FILE_NAME);
    }

    private void stopNotifier() {
        if (notifier != null) {
            notifier.close();
            notifier = null;
        }
    }

    private void startNotifier() {
        if (recipients.isEmpty()) {
            LOG.infof("notifier: not started, %s names no recipients", recipientsFile());
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
        Function<String, List<String>> rules = ruleRecipients;
        Notifier.Settings settings = Notifier.Settings.from(config, topics, kafka.bootstrapServers(),
                Optional.of(config.instanceId().map(String::strip).filter(s -> !s.isEmpty())
                        .orElseGet(() -> defaultInstanceId(Path.of(newswatch.dataDir())))), kafkaSettings.replicationFactor());
        notifier = new Notifier(settings, recipients, rules::apply, channels, clock, topicCreator.outage()).start();
    }

    /**
     * Stable across restarts and different per instance, as static group membership needs: the host
     * name (a container keeps it across restarts) and the data directory (never shared between
     * instances).
     */
    static String defaultInstanceId(Path dataDir) {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        });
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "newswatch-" + host + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
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
