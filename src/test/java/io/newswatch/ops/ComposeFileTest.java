package io.newswatch.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.newswatch.delivery.Recipient;
import io.newswatch.delivery.Recipients;
import io.newswatch.delivery.RecipientsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.common.utils.AppInfoParser;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code docker-compose.yml} and the {@code Dockerfile} without a Docker engine: images are
 * pinned, every variable given to newswatch is a setting it reads (see {@link KnownSettings} for
 * how that list is derived from the code and the Quarkus jars), the services reach each other at
 * the addresses they advertise, and state lives in volumes. {@code ComposeEnvIT} then runs the
 * packaged daemon with the very same environment.
 */
class ComposeFileTest {
    static final Path PROJECT = Path.of("").toAbsolutePath();

    static ComposeFile compose;
    static Dockerfile dockerfile;
    static NewswatchContainer newswatch;
    static KnownSettings known;

    @BeforeAll
    static void read() throws Exception {
        compose = ComposeFile.read(PROJECT.resolve("docker-compose.yml"));
        dockerfile = Dockerfile.read(PROJECT.resolve("Dockerfile"));
        newswatch = NewswatchContainer.fromProject(PROJECT);
        known = KnownSettings.fromClasspath();
    }

    /**
     * The variables of {@code env} that newswatch does not read, each with the closest known names;
     * webhook secrets named by the recipients file ({@code secret_env}) count as read.
     */
    static List<String> unknownVariables(Map<String, String> env, KnownSettings known, Recipients recipients) {
        List<String> secrets = recipients.all().stream()
                .filter(r -> r instanceof Recipient.Webhook).map(r -> ((Recipient.Webhook) r).secretEnv()).toList();
        KnownSettings withSecrets = known.plus(secrets, "a webhook secret named in _recipients.yml");
        List<String> unknown = new ArrayList<>();
        for (String name : env.keySet()) {
            if (withSecrets.reads(name)) {
                continue;
            }
            Optional<String> buildTime = withSecrets.buildTimeProperty(name);
            List<String> closest = withSecrets.closest(name, 3);
            if (buildTime.isPresent()) {
                unknown.add(name + " (" + buildTime.get() + " is fixed when the jar is built; set it in application.properties)");
            } else {
                unknown.add(name + (closest.isEmpty() ? "" : " (did you mean " + String.join(" or ", closest) + "?)"));
            }
        }
        return unknown;
    }

    /** The quick start's recipients: the file the compose file mounts over {@code <rules-dir>/_recipients.yml}. */
    static Recipients composeRecipients(ComposeFile compose, Map<String, String> env) throws Exception {
        return composeRecipients(compose, compose.service(NewswatchContainer.SERVICE), env);
    }

    /** The recipients file {@code service} mounts over {@code <rules-dir>/_recipients.yml}, if any. */
    static Recipients composeRecipients(ComposeFile compose, ComposeFile.Service service, Map<String, String> env) throws Exception {
        String target = env.get("NEWSWATCH_RULES_DIR") + "/" + RecipientsFile.FILE_NAME;
        Optional<ComposeFile.Volume> mount = service.volumes().stream()
                .filter(v -> v.target().equals(target)).findFirst();
        if (mount.isEmpty()) {
            return Recipients.NONE;
        }
        return RecipientsFile.load(compose.directory().resolve(mount.get().source()).normalize(), env::get);
    }

    @Test
    void everyServiceImageIsPinnedToARelease() {
        for (ComposeFile.Service service : compose.services().values()) {
            assertTrue(service.image().isPresent() || service.built(), service.name() + " has neither image nor build");
            service.image().ifPresent(image -> {
                Optional<String> problem = ImageReference.parse(image).unpinnedBecause();
                assertTrue(problem.isEmpty(), "service " + service.name() + ": image " + image + " is not pinned: " + problem.orElse(""));
            });
        }
    }

    @Test
    void theDockerfileBaseImagesArePinnedToARelease() {
        assertFalse(dockerfile.baseImages().isEmpty());
        for (String image : dockerfile.baseImages()) {
            Optional<String> problem = ImageReference.parse(image).unpinnedBecause();
            assertTrue(problem.isEmpty(), "Dockerfile: FROM " + image + " is not pinned: " + problem.orElse(""));
        }
    }

    @Test
    void floatingImageReferencesAreNotPinned() {
        for (String floating : List.of("apache/kafka", "apache/kafka:latest", "eclipse-temurin:21-jre", "apache/kafka:4.0",
                "axllent/mailpit:edge", "registry.example.org:5000/newswatch", "apache/kafka:${KAFKA_VERSION}")) {
            assertTrue(ImageReference.parse(floating).unpinnedBecause().isPresent(), floating + " must not count as pinned");
        }
        for (String pinned : List.of("apache/kafka:4.0.1", "axllent/mailpit:v1.27.8", "eclipse-temurin:21.0.8_9-jre-noble",
                "registry.example.org:5000/newswatch:0.1.0",
                "apache/kafka@sha256:9f4ab8a8a0f6c1d5bb2a5fbd8d4de6e1a3f0b8c3a3f2cd6f3f0c9a7e2b1d4c5e6")) {
            assertEquals(Optional.empty(), ImageReference.parse(pinned).unpinnedBecause(), pinned);
        }
    }

    @Test
    void kafkaIsTheOfficialImageOnTheLineOfNewswatchsKafkaClients() {
        ImageReference kafka = ImageReference.parse(compose.service("kafka").image().orElseThrow());
        assertEquals("apache/kafka", kafka.repository());
        String clients = AppInfoParser.getVersion(); // the kafka-clients jar newswatch is built with
        String line = clients.substring(0, clients.indexOf('.', clients.indexOf('.') + 1) + 1);
        assertTrue(kafka.tag().orElseThrow().startsWith(line),
                "the broker image " + kafka + " should be on the " + line + "x line of newswatch's Kafka clients (" + clients + ")");
    }

    @Test
    void everyVariableGivenToNewswatchIsASettingItReads() throws Exception {
        Map<String, String> env = newswatch.environment();
        assertTrue(env.containsKey("KAFKA_BOOTSTRAP_SERVERS"), "the container environment: " + env);
        List<String> unknown = unknownVariables(env, known, composeRecipients(compose, env));
        assertEquals(List.of(), unknown, "variables set for newswatch (Dockerfile ENV and docker-compose.yml) that it does not read");
    }

    @Test
    void aMisspelledVariableInAComposeFileIsCaught() throws Exception {
        ComposeFile typos = ComposeFile.parse(PROJECT, """
                services:
                  newswatch:
                    build: .
                    environment:
                      KAFKA_BOOTSTRAP_SERVERS: kafka:9092
                      QUARKUS_MAILER_HOTS: mailpit
                      NEWSWATCH_KAFKA_EMBEDDED_HOST: 0.0.0.0
                      NEWSWATCH_NOTIFY_GROUP_WAIT: 10s
                      QUARKUS_HTTP_ROOT_PATH: /newswatch
                """);
        List<String> unknown = unknownVariables(typos.service("newswatch").environment(), known, Recipients.NONE);
        assertEquals(3, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).startsWith("QUARKUS_MAILER_HOTS (did you mean QUARKUS_MAILER_HOST"), unknown.get(0));
        assertTrue(unknown.get(1).startsWith("NEWSWATCH_KAFKA_EMBEDDED_HOST"), unknown.get(1));
        assertEquals("QUARKUS_HTTP_ROOT_PATH (quarkus.http.root-path is fixed when the jar is built; set it in application.properties)",
                unknown.get(2));
    }

    @Test
    void aWebhookSecretNamedByTheRecipientsFileCountsAsRead() throws Exception {
        Path file = Files.createTempFile("recipients", ".yml");
        try {
            Files.writeString(file, """
                    recipients:
                      hooks:
                        webhook: https://hooks.example.org/newswatch
                        secret_env: NEWSWATCH_HOOK_SECRET
                        default: true
                    """);
            Map<String, String> env = Map.of("NEWSWATCH_HOOK_SECRET", "whsec_" + Base64.getEncoder().encodeToString(new byte[32]));
            assertEquals(List.of(), unknownVariables(env, known, RecipientsFile.load(file, env::get)));
            assertEquals(List.of("NEWSWATCH_HOOK_SECRET"), unknownVariables(env, known, Recipients.NONE));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void knownSettingsComeFromNewswatchsMappingsApplicationPropertiesAndQuarkusRuntimeRoots() {
        for (String read : List.of(
                "NEWSWATCH_SEEDS_DIR", "NEWSWATCH_NOTIFY_GROUP_WAIT", "NEWSWATCH_KAFKA_PARTITIONS", "NEWSWATCH_KAFKA_RULE_PARTITIONS", "NEWSWATCH_KAFKA_RULE_TOPICS",
                "NEWSWATCH_FEEDS_MAX_BODY_SIZE",
                "NEWSWATCH_NOTIFY_WEBHOOK_ALLOWED_ADDRESSES", "NEWSWATCH_NOTIFY_WEBHOOK_ALLOWED_ADDRESSES_0_",
                "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_STREAMS_COMMIT_INTERVAL_MS",
                "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_START_TLS", "QUARKUS_MAILER_FROM", "QUARKUS_MAILER_ALERTS_HOST",
                "QUARKUS_HTTP_PORT", "QUARKUS_HTTP_HOST", "QUARKUS_LOG_LEVEL", "QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL",
                "QUARKUS_SHUTDOWN_TIMEOUT", "quarkus.http.port", "JDK_JAVA_OPTIONS")) {
            assertTrue(known.reads(read), read + " is a setting newswatch reads");
        }
        for (String notRead : List.of(
                "QUARKUS_MAILER_HOTS", "QUARKUS_HTTP_PROT", "QUARKUS_LOG_LEVLE", "NEWSWATCH_NOTIFY_GROUP_WAITT",
                "NEWSWATCH_KAFKA_EMBEDDED_HOST", "NEWSWATCH_SEED_DIR", "KAFKA_BOOTSTRAP_SERVER",
                // build-time settings: fixed in the jar, a container cannot change them
                "QUARKUS_HTTP_ROOT_PATH", "QUARKUS_LOG_MIN_LEVEL", "QUARKUS_PACKAGE_JAR_TYPE",
                // profile-only keys of application.properties do not apply to the daemon
                "_TEST_NEWSWATCH_KAFKA_EMBEDDED")) {
            assertFalse(known.reads(notRead), notRead + " must be reported as unknown, but counts as " + known.source(notRead));
        }
        assertEquals(Optional.of("quarkus.mailer.host (MailersRuntimeConfig)"), known.source("QUARKUS_MAILER_HOST"));
    }

    @Test
    void newswatchReachesKafkaAtAnAdvertisedListenerOnceKafkaIsHealthy() {
        Map<String, String> kafka = compose.service("kafka").environment();
        Map<String, String> advertised = listeners(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, String> bound = listeners(kafka.get("KAFKA_LISTENERS"));
        for (String server : newswatch.environment().get("KAFKA_BOOTSTRAP_SERVERS").split(",")) {
            String listener = advertised.entrySet().stream().filter(e -> e.getValue().equals(server.strip()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new AssertionError(server + " is not among the broker's advertised listeners " + advertised));
            assertEquals(port(server), port(bound.get(listener)), "listener " + listener + " must listen where it is advertised");
            assertTrue(compose.services().containsKey(server.strip().split(":")[0]), server + " must name a compose service");
        }
        assertEquals("service_healthy", newswatch.service().dependsOn().get("kafka"), "newswatch must wait for a healthy broker");
        assertFalse(compose.service("kafka").healthcheckTest().isEmpty(), "the broker needs a healthcheck for service_healthy");
    }

    @Test
    void kafkaIsReachableFromTheHostOnASecondListener() {
        Map<String, String> advertised = listeners(compose.service("kafka").environment().get("KAFKA_ADVERTISED_LISTENERS"));
        String forHost = advertised.values().stream().filter(a -> a.startsWith("localhost:")).findFirst()
                .orElseThrow(() -> new AssertionError("no listener advertised as localhost:<port> for clients on the host: " + advertised));
        int port = port(forHost);
        assertTrue(compose.service("kafka").ports().stream().anyMatch(p -> p.hostPort() == port && p.containerPort() == port),
                "the host listener's port " + port + " must be published as " + port + ":" + port);
    }

    @Test
    void mailGoesToMailpitAndTheQuickStartRecipientsFileNamesADefaultMailbox() throws Exception {
        Map<String, String> env = newswatch.environment();
        assertEquals("mailpit", env.get("QUARKUS_MAILER_HOST"));
        assertEquals("1025", env.get("QUARKUS_MAILER_PORT"), "Mailpit's SMTP port (its image exposes 1025)");
        assertTrue(compose.services().containsKey("mailpit"));
        Recipients recipients = composeRecipients(compose, env);
        assertTrue(recipients.defaults().stream().anyMatch(r -> r instanceof Recipient.Email),
                "docker/_recipients.yml must name a default email recipient, mounted over <rules-dir>/_recipients.yml: " + recipients);
        assertFalse(Files.exists(PROJECT.resolve("rules").resolve(RecipientsFile.FILE_NAME)),
                "rules/ has no _recipients.yml, so a plain local run sends no mail");
    }

    @Test
    void stateLivesInNamedVolumes() {
        String dataDir = newswatch.environment().get("NEWSWATCH_DATA_DIR");
        assertTrue(newswatch.service().volumes().stream().anyMatch(v -> !v.bind() && v.target().equals(dataDir)
                && compose.namedVolumes().contains(v.source())), "NEWSWATCH_DATA_DIR " + dataDir + " must be a named volume");
        assertTrue(newswatch.image().last("VOLUME").orElse("").contains("\"" + dataDir + "\""), "the image declares " + dataDir + " a volume");
        String kafkaData = compose.service("kafka").environment().get("KAFKA_LOG_DIRS");
        assertTrue(compose.service("kafka").volumes().stream().anyMatch(v -> !v.bind() && v.target().equals(kafkaData)),
                "the broker's KAFKA_LOG_DIRS " + kafkaData + " must be a named volume");
    }

    @Test
    void everyMountedAndCopiedPathExistsAndReachesTheBuildContext() throws Exception {
        for (ComposeFile.Service service : compose.services().values()) {
            for (ComposeFile.Volume volume : service.volumes()) {
                if (volume.bind()) {
                    assertTrue(Files.exists(PROJECT.resolve(volume.source()).normalize()), service.name() + " mounts missing " + volume.source());
                    assertTrue(volume.readOnly(), service.name() + " mounts " + volume.source() + " read-only: newswatch only reads it");
                }
            }
        }
        List<String> ignored = Files.readAllLines(PROJECT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (Dockerfile.Copy copy : dockerfile.finalStage().copies()) {
            if (copy.fromStage().isPresent()) {
                continue;
            }
            for (String source : copy.sources()) {
                assertTrue(Files.exists(PROJECT.resolve(source)), "Dockerfile copies missing " + source);
                assertFalse(ignored.stream().anyMatch(p -> p.equals(source) || (p.endsWith("/") && source.startsWith(p))),
                        ".dockerignore keeps " + source + " out of the build context");
            }
        }
    }

    /**
     * Docker must create the mount point of a mount that lies inside a bind-mounted folder in that
     * folder: inside a read-only mount it cannot, and inside a writable one it leaves an empty file
     * in the checkout (an empty {@code rules/_recipients.yml} would then break plain local runs).
     */
    @Test
    void nothingIsMountedInsideABindMountedFolder() {
        List<ComposeFile.Volume> volumes = newswatch.service().volumes();
        for (ComposeFile.Volume outer : volumes) {
            for (ComposeFile.Volume inner : volumes) {
                if (outer.bind() && inner != outer && inner.target().startsWith(outer.target() + "/")) {
                    throw new AssertionError(inner.target() + " is mounted inside the bind mount " + outer.source() + ":" + outer.target());
                }
            }
        }
    }

    @Test
    void theImageRunsUnprivilegedWithAReadinessHealthcheckAndTheJvmAsPidOne() {
        Dockerfile.Stage image = dockerfile.finalStage();
        String user = image.last("USER").orElse("root");
        assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:"), "USER " + user);
        assertTrue(image.last("HEALTHCHECK").orElse("").contains("/q/health/ready"), "HEALTHCHECK on /q/health/ready");
        String entrypoint = image.last("ENTRYPOINT").orElse("");
        assertTrue(entrypoint.startsWith("[") && entrypoint.contains("\"java\""),
                "ENTRYPOINT in exec form starting java, so SIGTERM reaches the JVM: " + entrypoint);
    }

    @Test
    void dockerWaitsLongEnoughForTheThirtySecondShutdown() {
        Duration grace = newswatch.service().stopGracePeriod().orElse(Duration.ofSeconds(10)); // Docker's default
        assertTrue(grace.compareTo(Duration.ofSeconds(30)) >= 0, "stop_grace_period " + grace.toSeconds() + " s is shorter than newswatch's 30 s shutdown");
    }

    @Test
    void publishedPortsListenOnLoopbackOnly() {
        for (ComposeFile.Service service : compose.services().values()) {
            for (ComposeFile.Port port : service.ports()) {
                assertEquals("127.0.0.1", port.hostIp(), service.name() + " publishes " + port + " on every interface; nothing here has authentication");
            }
        }
    }

    // ------------------------------------------------------------------ the Compose Specification

    static final Path COMPOSE_SPEC = PROJECT.resolve("../shared/schemas/compose-spec.json").normalize();

    /** What {@code docker compose} would say about {@code yaml} before running anything: its schema errors. */
    static List<String> schemaErrors(String yaml) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(com.networknt.schema.SchemaLocation.of(COMPOSE_SPEC.toUri().toString()));
        Object document = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        JsonNode node = new ObjectMapper().valueToTree(document);
        return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecification() throws Exception {
        assertTrue(Files.exists(COMPOSE_SPEC), COMPOSE_SPEC + " (the shared copy of compose-spec.json) is missing");
        assertEquals(List.of(), schemaErrors(Files.readString(PROJECT.resolve("docker-compose.yml"))));
    }

    @Test
    void aComposeFileThatDockerWouldRefuseFailsTheSchemaCheck() throws Exception {
        List<String> errors = schemaErrors("""
                services:
                  kafka-1:
                    image: apache/kafka:4.0.1
                    profiles: cluster
                    enviroment:
                      KAFKA_NODE_ID: 1
                """);
        assertTrue(errors.stream().anyMatch(e -> e.contains("enviroment")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("profiles")), errors.toString());
    }

    // ------------------------------------------------------------------ profile "cluster"

    static final String CLUSTER = "cluster";

    static List<ComposeFile.Service> clusterBrokers() {
        return compose.profile(CLUSTER).stream().filter(s -> s.image().map(i -> i.startsWith("apache/kafka:")).orElse(false)).toList();
    }

    static List<ComposeFile.Service> clusterReplicas() {
        return compose.profile(CLUSTER).stream().filter(ComposeFile.Service::built).toList();
    }

    /** A replica's environment as the container sees it: the image's ENV, then the service's. */
    static Map<String, String> replicaEnvironment(ComposeFile.Service replica) {
        Map<String, String> env = new LinkedHashMap<>(newswatch.image().environment());
        env.putAll(replica.environment());
        return env;
    }

    @Test
    void theClusterProfileHasThreeKraftBrokersAndTwoNewswatchReplicasAndLeavesTheQuickStartAlone() {
        assertEquals(3, clusterBrokers().size(), "brokers in profile cluster: " + clusterBrokers());
        assertEquals(2, clusterReplicas().size(), "newswatch replicas in profile cluster: " + clusterReplicas());
        assertEquals(5, compose.profile(CLUSTER).size(), "profile cluster: " + compose.profile(CLUSTER));
        for (String quickStart : List.of("kafka", "newswatch", "mailpit")) {
            assertTrue(compose.service(quickStart).always(), quickStart + " is started by a plain `docker compose up`");
        }
        for (ComposeFile.Service replica : clusterReplicas()) {
            for (String needed : replica.dependsOn().keySet()) {
                ComposeFile.Service dependency = compose.service(needed);
                assertTrue(dependency.profiles().contains(CLUSTER) || needed.equals("mailpit"),
                        replica.name() + " must not depend on the single-node service " + needed);
            }
        }
    }

    @Test
    void theClusterBrokersFormOneQuorumWithThreeCopiesOfEveryPartitionAndTwoInSync() {
        List<ComposeFile.Service> brokers = clusterBrokers();
        Map<String, String> first = brokers.get(0).environment();
        java.util.Set<String> nodeIds = new java.util.TreeSet<>();
        java.util.Set<String> dataVolumes = new java.util.HashSet<>();
        for (ComposeFile.Service broker : brokers) {
            Map<String, String> env = broker.environment();
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"), broker.name());
            assertEquals(first.get("CLUSTER_ID"), env.get("CLUSTER_ID"), broker.name() + " formats its storage for the same cluster");
            assertEquals(first.get("KAFKA_CONTROLLER_QUORUM_VOTERS"), env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"), broker.name());
            int controllerPort = port(listeners(env.get("KAFKA_LISTENERS")).get(env.get("KAFKA_CONTROLLER_LISTENER_NAMES")));
            assertTrue(List.of(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")).contains(
                            env.get("KAFKA_NODE_ID") + "@" + broker.name() + ":" + controllerPort),
                    broker.name() + " must be a voter at its controller listener: " + env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
            for (String replicated : List.of("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR")) {
                assertEquals("3", env.get(replicated), broker.name() + " " + replicated);
            }
            for (String inSync : List.of("KAFKA_MIN_INSYNC_REPLICAS", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
                assertEquals("2", env.get(inSync), broker.name() + " " + inSync);
            }
            assertFalse(broker.healthcheckTest().isEmpty(), broker.name() + " needs a healthcheck for service_healthy");
            ComposeFile.Volume data = broker.volumes().stream().filter(v -> v.target().equals(env.get("KAFKA_LOG_DIRS"))).findFirst()
                    .orElseThrow(() -> new AssertionError(broker.name() + ": KAFKA_LOG_DIRS must be a volume"));
            assertFalse(data.bind(), broker.name() + " keeps its log in a named volume");
            assertTrue(compose.namedVolumes().contains(data.source()) && dataVolumes.add(data.source()),
                    broker.name() + " needs a declared volume of its own, not " + data.source());
            String forHost = listeners(env.get("KAFKA_ADVERTISED_LISTENERS")).get("HOST");
            assertTrue(forHost != null && forHost.startsWith("localhost:"), broker.name() + " advertises a listener for the host");
            assertTrue(broker.ports().stream().anyMatch(p -> p.hostPort() == port(forHost) && p.containerPort() == port(forHost)),
                    broker.name() + " publishes its host listener " + forHost);
        }
        assertEquals(java.util.Set.of("1", "2", "3"), nodeIds);
        assertEquals(3, first.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",").length, "three voters");
    }

    @Test
    void theReplicasUseEveryBrokerWithReplicationFactorThreeAndEachHasItsOwnIdentityAndState() throws Exception {
        List<String> brokerAddresses = clusterBrokers().stream()
                .map(b -> listeners(b.environment().get("KAFKA_ADVERTISED_LISTENERS")).get("PLAINTEXT")).toList();
        int minInSync = Integer.parseInt(clusterBrokers().get(0).environment().get("KAFKA_MIN_INSYNC_REPLICAS"));
        java.util.Set<String> instanceIds = new java.util.HashSet<>();
        java.util.Set<String> dataVolumes = new java.util.HashSet<>();
        java.util.Set<Integer> httpPorts = new java.util.HashSet<>();
        for (ComposeFile.Service replica : clusterReplicas()) {
            Map<String, String> env = replicaEnvironment(replica);
            assertEquals(brokerAddresses, List.of(env.get("KAFKA_BOOTSTRAP_SERVERS").split(",")),
                    replica.name() + " bootstraps from every broker, so it starts with any one of them down");
            int replication = Integer.parseInt(env.get("NEWSWATCH_KAFKA_REPLICATION_FACTOR"));
            assertEquals(3, replication, replica.name());
            assertTrue(replication > minInSync && replication <= clusterBrokers().size(),
                    "replication factor " + replication + " must exceed min.insync " + minInSync + " and fit on the brokers");
            assertTrue(instanceIds.add(env.get("NEWSWATCH_NOTIFY_INSTANCE_ID")),
                    replica.name() + " needs its own NEWSWATCH_NOTIFY_INSTANCE_ID, not " + env.get("NEWSWATCH_NOTIFY_INSTANCE_ID"));
            for (ComposeFile.Service broker : clusterBrokers()) {
                assertEquals("service_healthy", replica.dependsOn().get(broker.name()), replica.name() + " waits for " + broker.name());
            }
            ComposeFile.Volume data = replica.volumes().stream().filter(v -> v.target().equals(env.get("NEWSWATCH_DATA_DIR"))).findFirst()
                    .orElseThrow(() -> new AssertionError(replica.name() + ": NEWSWATCH_DATA_DIR must be a volume"));
            assertTrue(!data.bind() && compose.namedVolumes().contains(data.source()) && dataVolumes.add(data.source()),
                    replica.name() + " needs a data volume of its own (never shared between instances), not " + data.source());
            assertEquals(List.of(), unknownVariables(env, known, composeRecipients(compose, replica, env)), replica.name());
            assertTrue(replica.stopGracePeriod().orElse(Duration.ofSeconds(10)).compareTo(Duration.ofSeconds(30)) >= 0, replica.name());
            replica.ports().forEach(p -> assertTrue(httpPorts.add(p.hostPort()), replica.name() + " publishes port " + p.hostPort() + " twice"));
            for (ComposeFile.Volume outer : replica.volumes()) {
                for (ComposeFile.Volume inner : replica.volumes()) {
                    assertFalse(outer.bind() && inner != outer && inner.target().startsWith(outer.target() + "/"),
                            replica.name() + ": " + inner.target() + " is mounted inside the bind mount " + outer.target());
                }
            }
        }
        assertEquals(1, clusterReplicas().stream().filter(r -> !"false".equals(replicaEnvironment(r).get("NEWSWATCH_FEEDS_ENABLED"))).count(),
                "one replica polls the feeds");
    }

    /** {@code PLAINTEXT://kafka:9092,HOST://localhost:29092} as listener name to host:port. */
    static Map<String, String> listeners(String spec) {
        Map<String, String> result = new LinkedHashMap<>();
        Arrays.stream(spec.split(",")).map(String::strip).forEach(l -> {
            int sep = l.indexOf("://");
            result.put(l.substring(0, sep), l.substring(sep + 3));
        });
        return result;
    }

    static int port(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }
}
