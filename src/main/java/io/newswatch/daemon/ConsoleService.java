package io.newswatch.daemon;

import io.newswatch.broker.KafkaAddress;
import io.newswatch.broker.Topics;
import io.newswatch.config.ConsoleConfig;
import io.newswatch.config.NewswatchConfig;
import io.newswatch.console.BacktestJobs;
import io.newswatch.console.ConsoleAccess;
import io.newswatch.console.CsrfTokens;
import io.newswatch.console.DeliveryActivity;
import io.newswatch.console.NotifierSetup;
import io.newswatch.config.NotificationsConfig;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.console.RuleWorkbench;
import io.newswatch.console.SearchBudget;
import io.newswatch.matching.RuleRegistry;
import java.nio.file.Path;
import io.newswatch.console.RecentActivity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Wires the web console: who may see it ({@link ConsoleAccess}) and what it reads ({@link RecentActivity}). */
@ApplicationScoped
public class ConsoleService {
    private static final Logger LOG = Logger.getLogger(ConsoleService.class);

    @Produces
    @Singleton
    ConsoleAccess access(ConsoleConfig config, @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        return new ConsoleAccess(host, config.user(), config.password());
    }

    @Produces
    @Singleton
    RecentActivity activity(ConsoleConfig config, Topics topics, Clock clock, KafkaAddress kafka) {
        return new RecentActivity(kafka.bootstrapServers(), topics.documents(), topics.alerts(), config.recentAlerts(), clock);
    }

    /** The key of the console forms' CSRF tokens, drawn at each start. */
    @Produces
    @Singleton
    CsrfTokens csrfTokens() {
        return CsrfTokens.withRandomKey();
    }

    @Produces
    @Singleton
    RuleWorkbench workbench(RuleRegistry rules, NewswatchConfig config, Topics topics) {
        return new RuleWorkbench(rules::compiler, Path.of(config.rulesDir()), topics);
    }

    /** The workbench's backtest jobs; a bad setting stops the start with the setting's name. */
    @Produces
    @Singleton
    BacktestJobs backtestJobs(ConsoleConfig config, Clock clock) {
        return new BacktestJobs(new BacktestJobs.Settings(config.backtestWorkers(), config.backtestQueue(), config.backtestKeep(),
                BacktestJobs.Settings.DEFAULTS.kept()), clock);
    }

    @Produces
    @Singleton
    SearchBudget searchBudget(ConsoleConfig config) {
        return new SearchBudget(config.searchCountBudget());
    }

    void disposeBacktestJobs(@jakarta.enterprise.inject.Disposes BacktestJobs jobs) {
        jobs.close();
    }

    @Produces
    @Singleton
    DeliveryActivity delivery(ConsoleConfig config, Topics topics, KafkaAddress kafka) {
        return new DeliveryActivity(kafka.bootstrapServers(), topics.pending(), topics.ledger(), topics.deadLetter(), config.recentAlerts());
    }

    @Produces
    @Singleton
    NotifierSetup notifier(NewswatchConfig config, NotificationsConfig notify, NotificationService service) {
        return new NotifierSetup(Path.of(config.rulesDir()).resolve(RecipientsFile.FILE_NAME), notify.enabled(), service::isRunning,
                service::waitingGroups);
    }

    void disposeDelivery(@jakarta.enterprise.inject.Disposes DeliveryActivity delivery) {
        delivery.close();
    }

    void disposeActivity(@jakarta.enterprise.inject.Disposes RecentActivity activity) {
        activity.close();
    }

    /** After the broker (started by {@link EmbeddedKafkaStartup} at a higher priority) is up. */
    void start(@Observes StartupEvent event, ConsoleAccess access, RecentActivity activity, DeliveryActivity delivery,
               BacktestJobs jobs, SearchBudget budget) {
        // jobs and budget are made here so that a bad NEWSWATCH_CONSOLE_* setting stops the start with its name.
        if (access.disabled()) {
            LOG.warn(access.describe());
        } else {
            LOG.info(access.describe());
            activity.start();
            delivery.start();
        }
    }

    void stop(@Observes ShutdownEvent event, RecentActivity activity, DeliveryActivity delivery) {
        activity.close();
        delivery.close();
    }
}
