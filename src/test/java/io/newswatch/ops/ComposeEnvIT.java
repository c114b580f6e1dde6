package io.newswatch.ops;

import io.newswatch.testing.DaemonProcess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.newswatch.alerts.Alert;
import io.newswatch.alerts.AlertCodec;
import io.newswatch.broker.EmbeddedKafka;
import io.newswatch.delivery.Recipient;
import io.newswatch.delivery.RecipientsFile;
import io.newswatch.ingest.files.DocumentFileReader;
import io.newswatch.matching.Match;
import io.newswatch.matching.RuleMatcher;
import io.newswatch.matching.LoadedRule;
import io.newswatch.matching.RuleLoader;
import io.newswatch.matching.RuleSet;
import io.newswatch.document.Document;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose quick start without Docker: the packaged jar runs with exactly the environment that
 * {@code docker-compose.yml} and the {@code Dockerfile} give the newswatch container, nothing
 * else. What only Docker provides is stood in for: the compose services are real servers on
 * 127.0.0.1 ({@code kafka} a Kafka broker, {@code mailpit} GreenMail), so {@code kafka:9092}
 * becomes the broker's address and {@code QUARKUS_MAILER_PORT} GreenMail's port; the container's
 * files ({@code /app/rules} with {@code docker/_recipients.yml} over it, {@code /app/seeds},
 * {@code /app/data}) are laid out in a temporary folder by {@link ContainerFiles}. Then the seeds
 * must alert on the Kafka topics, and each rule must send one grouped email to the quick start's
 * mailbox, as an operator would see them in Mailpit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeEnvIT {
    /** Where the compose services listen inside the compose network: Kafka's PLAINTEXT listener, Mailpit's SMTP. */
    static final int KAFKA_LISTENER_PORT = 9092;
    static final int MAILPIT_SMTP_PORT = 1025;

    @TempDir static Path work;
    static NewswatchContainer container;
    static ContainerFiles files;
    static EmbeddedKafka broker;
    static GreenMail mail;
    static DaemonProcess daemon;
    static Map<String, String> env;
    /** Per rule, the ids of the alerts its seeds must produce, computed with the rules and seeds the container has. */
    static Map<String, Set<String>> expected;
    static Map<String, String> ruleTitles;

    @BeforeAll
    static void start() throws Exception {
        container = NewswatchContainer.fromProject(Path.of("").toAbsolutePath());
        files = ContainerFiles.build(container, work.resolve("container"));
        broker = EmbeddedKafka.start(work.resolve("broker"), "127.0.0.1", 0);
        int smtpPort = DaemonProcess.freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        int httpPort = DaemonProcess.freePort();
        Map<String, Map<Integer, Integer>> servers = Map.of(
                "kafka", Map.of(KAFKA_LISTENER_PORT, ComposeFileTest.port(broker.bootstrapServers())),
                "mailpit", Map.of(MAILPIT_SMTP_PORT, smtpPort));
        env = localEnvironment(container, files, servers, httpPort);
        expectedAlerts();
        daemon = DaemonProcess.startClean(env, files.hostPath(container.workdir()), httpPort, work.resolve("daemon.log"));
        daemon.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * The container's environment with what Docker would resolve done by hand: a compose service's
     * {@code host:port} (or a bare service name, with its {@code *_PORT} sibling) becomes the real
     * server on 127.0.0.1, a port newswatch publishes becomes a free local port, the container's
     * "every interface" 0.0.0.0 becomes the loopback address, and container paths become paths in
     * {@code files}. Anything else is passed as written; a variable that still names a service the
     * test has no server for fails here, before the daemon starts.
     */
    static Map<String, String> localEnvironment(NewswatchContainer container, ContainerFiles files,
                                                Map<String, Map<Integer, Integer>> servers, int httpPort) {
        Map<String, String> original = container.environment();
        Set<String> services = container.compose().services().keySet();
        Set<Integer> ownPorts = new HashSet<>();
        container.service().ports().forEach(p -> ownPorts.add(p.containerPort()));
        Map<String, String> local = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : original.entrySet()) {
            String name = variable.getKey();
            String value = variable.getValue();
            for (String service : services) {
                Matcher hostPort = Pattern.compile("\\b" + Pattern.quote(service) + ":(\\d+)\\b").matcher(value);
                StringBuilder replaced = new StringBuilder();
                while (hostPort.find()) {
                    int port = Integer.parseInt(hostPort.group(1));
                    hostPort.appendReplacement(replaced, "127.0.0.1:" + realPort(servers, service, port, name));
                }
                hostPort.appendTail(replaced);
                value = replaced.toString();
            }
            // compose interpolation of a variable the operator must set (${VAR:?message}) or may set (${VAR:-default})
            Matcher interpolated = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}").matcher(value);
            if (interpolated.matches()) {
                value = "?".equals(interpolated.group(2)) || interpolated.group(2) == null
                        ? "operator-set-" + interpolated.group(1).toLowerCase(java.util.Locale.ROOT)
                        : interpolated.group(3);
            }
            if (services.contains(value)) {
                realPort(servers, value, -1, name);
                value = "127.0.0.1";
            } else if (name.endsWith("_PORT") && services.contains(original.get(name.replaceFirst("_PORT$", "_HOST")))) {
                value = String.valueOf(realPort(servers, original.get(name.replaceFirst("_PORT$", "_HOST")), Integer.parseInt(value), name));
            } else if (name.endsWith("_PORT") && value.matches("\\d+") && ownPorts.contains(Integer.parseInt(value))) {
                value = String.valueOf(httpPort);
            } else if (value.equals("0.0.0.0")) {
                value = "127.0.0.1";
            } else if (value.startsWith("/") && !value.contains(" ")) {
                value = files.hostPath(value).toString();
            }
            local.put(name, value);
        }
        return local;
    }

    /** The real port standing in for a service's port; {@code port} -1 only checks that the service has a server. */
    private static int realPort(Map<String, Map<Integer, Integer>> servers, String service, int port, String variable) {
        Map<Integer, Integer> ports = servers.get(service);
        if (ports == null) {
            throw new AssertionError(variable + " refers to compose service '" + service + "', which this test has no server for; servers: " + servers.keySet());
        }
        if (port == -1) {
            return ports.values().iterator().next();
        }
        Integer real = ports.get(port);
        if (real == null) {
            throw new AssertionError(variable + " refers to " + service + ":" + port + ", but the test's " + service + " stands in for port(s) " + ports.keySet());
        }
        return real;
    }

    private static void expectedAlerts() throws Exception {
        Path rules = Path.of(env.get("NEWSWATCH_RULES_DIR"));
        RuleSet set = new RuleLoader(RecipientsFile.knownNames(rules)).load(rules);
        assertEquals(List.of(), set.problems(), "the image's rules load cleanly with the compose recipients file");
        expected = new TreeMap<>();
        ruleTitles = new TreeMap<>();
        for (LoadedRule rule : set.rules()) {
            expected.put(rule.id(), new TreeSet<>());
            ruleTitles.put(rule.id(), rule.rule().title());
        }
        DocumentFileReader reader = new DocumentFileReader();
        try (RuleMatcher matcher = new RuleMatcher()) {
            set.rules().forEach(rule -> matcher.register(rule.id(), rule.query()));
            for (Path file : reader.listFiles(Path.of(env.get("NEWSWATCH_SEEDS_DIR")))) {
                Document document = reader.read(file, Instant.now());
                for (Match match : matcher.match(document)) {
                    expected.get(match.ruleId()).add(Alert.idFor(match.ruleId(), document.id()));
                }
            }
        }
        assertTrue(expected.values().stream().allMatch(ids -> !ids.isEmpty()), "every shipped rule matches a seed: " + expected);
    }

    @Test
    @Order(1)
    void theEnvironmentIsTheContainersWithOnlyAddressesPortsAndPathsMapped() {
        assertEquals(container.environment().keySet(), env.keySet());
        assertEquals(broker.bootstrapServers(), env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("127.0.0.1", env.get("QUARKUS_MAILER_HOST"));
        assertEquals(container.environment().get("NEWSWATCH_NOTIFY_GROUP_WAIT"), env.get("NEWSWATCH_NOTIFY_GROUP_WAIT"));
        assertTrue(env.get("NEWSWATCH_RULES_DIR").startsWith(files.root().toString()), env.toString());
    }

    @Test
    @Order(2)
    void theSeedsAlertOnTheAlertsTopicAndOnEachRulesTopic() throws Exception {
        Set<String> all = new TreeSet<>();
        expected.values().forEach(all::addAll);
        List<Alert> alerts = read("newswatch.alerts", all.size(), Duration.ofSeconds(60));
        Set<String> ids = new TreeSet<>();
        alerts.forEach(a -> ids.add(a.id()));
        assertEquals(alerts.size(), ids.size(), "an alert was published twice");
        assertEquals(all, ids, "alerts on newswatch.alerts; log:\n" + daemon.logText());
        for (Map.Entry<String, Set<String>> rule : expected.entrySet()) {
            Set<String> onTopic = new TreeSet<>();
            read("newswatch.alerts." + rule.getKey(), rule.getValue().size(), Duration.ofSeconds(20)).forEach(a -> {
                assertEquals(rule.getKey(), a.rule().id());
                onTopic.add(a.id());
            });
            assertEquals(rule.getValue(), onTopic, "alerts on newswatch.alerts." + rule.getKey());
        }
    }

    @Test
    @Order(3)
    void eachRuleSendsOneGroupedEmailToTheQuickStartMailbox() throws Exception {
        List<String> mailboxes = RecipientsFile.load(Path.of(env.get("NEWSWATCH_RULES_DIR")).resolve(RecipientsFile.FILE_NAME), env::get)
                .defaults().stream().filter(r -> r instanceof Recipient.Email).map(r -> ((Recipient.Email) r).address()).toList();
        assertFalse(mailboxes.isEmpty());
        int wanted = expected.size() * mailboxes.size();
        // group-wait (10 s in the compose file) plus delivery; then a little longer, to see that no second email follows
        Duration groupWait = ComposeFile.duration(env.get("NEWSWATCH_NOTIFY_GROUP_WAIT"));
        assertTrue(mail.waitForIncomingEmail(groupWait.plusSeconds(30).toMillis(), wanted),
                "expected " + wanted + " emails, got " + mail.getReceivedMessages().length + "; log:\n" + daemon.logText());
        Thread.sleep(3000);
        MimeMessage[] messages = mail.getReceivedMessages();
        assertEquals(wanted, messages.length, "one email per rule and mailbox");
        Map<String, List<String>> subjectsByMailbox = new TreeMap<>();
        for (MimeMessage message : messages) {
            assertEquals(env.get("QUARKUS_MAILER_FROM"), message.getFrom()[0].toString());
            for (Address to : message.getAllRecipients()) {
                subjectsByMailbox.computeIfAbsent(to.toString(), k -> new ArrayList<>()).add(message.getSubject());
            }
        }
        assertEquals(new TreeSet<>(mailboxes), subjectsByMailbox.keySet());
        for (List<String> subjects : subjectsByMailbox.values()) {
            List<String> wantedSubjects = new ArrayList<>();
            // the seeds are one story, all read from files (one source): one "new story" email per rule
            expected.forEach((rule, ids) -> wantedSubjects.add("[newswatch] " + ruleTitles.get(rule) + ": new story, 1 source"));
            assertEquals(new TreeSet<>(wantedSubjects), new TreeSet<>(subjects), "each rule's alerts on the story grouped into one email");
        }
    }

    private static List<Alert> read(String topic, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "compose-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long quiet = System.nanoTime() + Duration.ofSeconds(1).toNanos(); // and nothing more right after
            while (System.nanoTime() < quiet) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records.stream().map(r -> AlertCodec.decode(r.value())).toList();
    }
}
