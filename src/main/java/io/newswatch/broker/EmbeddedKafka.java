package io.newswatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.jboss.logging.Logger;

/**
 * The real Apache Kafka broker, run in-process as a single KRaft node (broker and controller in one),
 * so that newswatch works out of the box without a cluster and any Kafka client can still subscribe
 * to its alerts. Everything the node needs survives in {@code logDir}: the storage is formatted once
 * (which fixes the cluster id in {@code meta.properties}), later starts reuse it, so topics and
 * records outlive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** Default for how long {@link #start} waits for the broker to accept clients. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLIENT_LISTENER = "PLAINTEXT";
    private static final String META_PROPERTIES = "meta.properties";
    /** Kafka's own lock file in each log directory; held while a broker uses the directory. */
    private static final String LOCK_FILE = ".lock";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final String clusterId;
    private final boolean formatted;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir, String clusterId, boolean formatted) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.clusterId = clusterId;
        this.formatted = formatted;
    }

    /** Starts a broker with the {@linkplain #DEFAULT_START_TIMEOUT default timeout}. */
    public static EmbeddedKafka start(Path logDir, String host, int port) {
        return start(logDir, host, port, DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts a broker listening for clients on {@code host:port} (port 0: any free port) with its
     * data in {@code logDir}, and returns once it accepts clients.
     *
     * @throws EmbeddedKafkaException with a message fit for the operator when the port or the
     *     directory is taken, the directory is not usable, or the broker is not ready in time
     */
    public static EmbeddedKafka start(Path logDir, String host, int port, Duration timeout) {
        if (host == null || host.isBlank()) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: no listen host given; set NEWSWATCH_KAFKA_HOST (e.g. 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: port " + port
                    + " is not between 0 and 65535; set NEWSWATCH_KAFKA_PORT to a free port");
        }
        long started = System.nanoTime();
        BrokerLogging.quiet();
        Path dir = prepareDirectory(logDir);
        InetAddress address = resolve(host);
        String clusterId = clusterId(dir);
        int clientPort = port == 0 ? freePort(address) : checkFree(address, host, port);
        int controllerPort = freePort(InetAddress.getLoopbackAddress());
        Properties props = brokerProperties(dir, host, address, clientPort, controllerPort, timeout);
        boolean formatted = clusterId == null;
        if (formatted) {
            clusterId = format(dir, props);
        }
        String bootstrap = hostForUrl(advertisedHost(host, address)) + ":" + clientPort;
        KafkaRaftServer server;
        try {
            // Also validates meta.properties and the metadata log against the configuration.
            server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        } catch (Exception e) { // Kafka's Scala code throws checked exceptions it does not declare
            throw startFailure(host, clientPort, dir, e);
        }
        try {
            server.startup();
            awaitClients(bootstrap, started, timeout);
        } catch (Exception e) {
            shutdownQuietly(server);
            throw startFailure(host, clientPort, dir, e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.infof("embedded Kafka broker listening on %s (cluster %s, data in %s, ready in %d ms)",
                bootstrap, clusterId, dir, millis);
        return new EmbeddedKafka(server, bootstrap, dir, clusterId, formatted);
    }

    /** The {@code bootstrap.servers} value for clients of this broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's data. */
    public Path logDir() {
        return logDir;
    }

    /** The cluster id fixed when {@link #logDir()} was formatted; a new one means a new, empty broker. */
    public String clusterId() {
        return clusterId;
    }

    /** Whether this start formatted {@link #logDir()} (a new, empty broker) rather than reusing it. */
    public boolean formatted() {
        return formatted;
    }

    /** Stops the broker and releases its ports and directory; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long started = System.nanoTime();
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warnf("embedded Kafka broker on %s did not stop cleanly: %s", bootstrapServers, e);
                return;
            }
            LOG.infof("embedded Kafka broker on %s stopped in %d ms", bootstrapServers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    private static Path prepareDirectory(Path logDir) {
        if (logDir == null) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: no data directory given");
        }
        Path dir = logDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: cannot create its data directory "
                    + dir + " (" + e + "); check the path and its permissions, or set NEWSWATCH_DATA_DIR");
        }
        if (!Files.isWritable(dir)) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: its data directory " + dir
                    + " is not writable; fix its permissions or set NEWSWATCH_DATA_DIR");
        }
        checkDirectoryUnlocked(dir);
        return dir;
    }

    /**
     * Fails early, with a plain message, when another broker (in this process or another newswatch)
     * holds the directory; Kafka itself would only fail deep inside its startup.
     */
    private static void checkDirectoryUnlocked(Path dir) {
        Path lock = dir.resolve(LOCK_FILE);
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                throw directoryInUse(dir);
            }
            held.release();
        } catch (OverlappingFileLockException e) {
            throw directoryInUse(dir);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: cannot lock " + lock + " (" + e + ")");
        }
    }

    private static EmbeddedKafkaException directoryInUse(Path dir) {
        return new EmbeddedKafkaException("cannot start the embedded Kafka broker: its data directory " + dir
                + " is in use by another broker (is another newswatch running?); stop it or set NEWSWATCH_DATA_DIR to another directory");
    }

    /** The cluster id recorded when the directory was formatted, or null if it never was. */
    private static String clusterId(Path dir) {
        Path meta = dir.resolve(META_PROPERTIES);
        if (!Files.exists(meta)) {
            return null;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: cannot read " + meta + " (" + e + ")");
        }
        String clusterId = props.getProperty("cluster.id");
        String nodeId = props.getProperty("node.id");
        if (clusterId == null || clusterId.isBlank() || !String.valueOf(NODE_ID).equals(nodeId)) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: " + meta
                    + " is not from a newswatch embedded broker (cluster.id=" + clusterId + ", node.id=" + nodeId
                    + ", expected node.id=" + NODE_ID + "); point NEWSWATCH_DATA_DIR elsewhere or remove "
                    + dir + " to start with an empty broker");
        }
        return clusterId;
    }

    /**
     * Formats empty storage exactly as {@code kafka-storage.sh format} does (the tool's documented
     * command line, rather than its internal classes), with a new cluster id and the latest
     * production metadata version.
     */
    private static String format(Path dir, Properties brokerProperties) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path configFile = null;
        try {
            configFile = Files.createTempFile("newswatch-kafka-format", ".properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                brokerProperties.store(out, "newswatch embedded broker, for kafka-storage format");
            }
            int exit = StorageTool.execute(new String[] {"format", "--config", configFile.toString(),
                    "--cluster-id", clusterId}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: formatting its storage in " + dir
                        + " failed: " + output.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (EmbeddedKafkaException e) {
            throw e;
        } catch (Exception e) { // including checked exceptions the Scala tool does not declare
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: cannot format its storage in "
                    + dir + " (" + e.getMessage() + "); check the directory, or remove it to start with an empty broker", e);
        } finally {
            deleteQuietly(configFile);
        }
        LOG.infof("formatted embedded Kafka storage in %s (cluster %s)", dir, clusterId);
        return clusterId;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("cannot delete %s: %s", file, e);
            }
        }
    }

    private static Properties brokerProperties(Path dir, String host, InetAddress address, int clientPort,
            int controllerPort, Duration timeout) {
        String loopback = InetAddress.getLoopbackAddress().getHostAddress();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + loopback + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + hostForUrl(host) + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + loopback + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + hostForUrl(advertisedHost(host, address)) + ":" + clientPort);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dir.toString());
        // One node: every internal topic has a single replica, or it could never be created.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // A handful of consumer groups and one transactional app: a few partitions start faster than 50.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // The cleaner's default 128 MiB dedupe buffer is sized for a production broker, not a daemon's side job.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        // On restart, Kafka 4.0's controller gives the previous (dead) broker incarnation a full session
        // before the new one may register (KAFKA-19130, fixed in 4.1): 9 s by default. One process
        // holds both roles, so a short session costs nothing and brings a restart under 5 s.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("server.max.startup.time.ms", String.valueOf(timeout.toMillis()));
        return p;
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: unknown host '" + host
                    + "'; set NEWSWATCH_KAFKA_HOST to an address of this machine, e.g. 127.0.0.1");
        }
    }

    /** Clients cannot connect to a wildcard address, so a broker listening on all interfaces advertises the machine's name. */
    private static String advertisedHost(String host, InetAddress address) {
        if (!address.isAnyLocalAddress()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int freePort(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker: no free port on "
                    + address.getHostAddress() + " (" + e.getMessage() + ")");
        }
    }

    private static int checkFree(InetAddress address, String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 1);
            return port;
        } catch (BindException e) {
            throw portInUse(host, port);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot start the embedded Kafka broker on " + host + ":" + port
                    + ": " + e.getMessage() + "; set NEWSWATCH_KAFKA_HOST/NEWSWATCH_KAFKA_PORT or KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    private static EmbeddedKafkaException portInUse(String host, int port) {
        return new EmbeddedKafkaException("cannot start the embedded Kafka broker on " + host + ":" + port
                + ": address already in use; set NEWSWATCH_KAFKA_PORT to a free port or KAFKA_BOOTSTRAP_SERVERS to an existing cluster");
    }

    /** Startup has returned once the broker is unfenced; this proves a client gets through. */
    private static void awaitClients(String bootstrap, long startedNanos, Duration timeout) {
        long leftMillis = Math.max(1000, timeout.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, leftMillis),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, leftMillis));
        try (Admin admin = Admin.create(conf)) {
            admin.describeCluster().nodes().get(leftMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("interrupted while waiting for the embedded Kafka broker on " + bootstrap);
        } catch (ExecutionException | TimeoutException e) {
            throw new EmbeddedKafkaException("the embedded Kafka broker on " + bootstrap + " did not accept clients within "
                    + timeout.toSeconds() + " s (" + (e.getCause() == null ? e : e.getCause()) + ")");
        }
    }

    private static EmbeddedKafkaException startFailure(String host, int port, Path dir, Throwable e) {
        if (e instanceof EmbeddedKafkaException known) {
            return known;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return portInUse(host, port);
            }
        }
        return new EmbeddedKafkaException("cannot start the embedded Kafka broker on " + host + ":" + port
                + " with data in " + dir + ": " + e, e);
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debugf("embedded Kafka broker shutdown after a failed start also failed: %s", e);
        }
    }
}
