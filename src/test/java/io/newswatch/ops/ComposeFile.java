package io.newswatch.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code docker-compose.yml}, read as far as the operations tests need: per service its image,
 * environment, volumes, ports, dependencies, healthcheck and stop grace period. No Docker engine
 * runs where the tests run, so this is how the file gets checked at all. Both the map and the list
 * forms of {@code environment} and the short and long forms of {@code volumes} are understood.
 */
record ComposeFile(Path directory, Map<String, Service> services, Set<String> namedVolumes) {

    /** One service; {@code image} is empty for a service that is only built. */
    record Service(String name, Optional<String> image, boolean built, Map<String, String> environment,
                   List<Volume> volumes, List<Port> ports, Map<String, String> dependsOn,
                   List<String> healthcheckTest, Optional<Duration> stopGracePeriod, List<String> profiles) {

        /** Started by a plain {@code docker compose up}: services without profiles always are. */
        boolean always() {
            return profiles.isEmpty();
        }
    }

    /** A mount: a named volume ({@code bind == false}) or a host path bound into the container. */
    record Volume(String source, String target, boolean bind, boolean readOnly) {}

    /** A published port: {@code hostIp} may be empty (all interfaces). */
    record Port(String hostIp, int hostPort, int containerPort) {}

    static ComposeFile read(Path file) throws IOException {
        return parse(file.toAbsolutePath().getParent(), Files.readString(file));
    }

    static ComposeFile parse(Path directory, String yaml) {
        Object root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        Map<String, Object> top = map(root, "the file");
        Map<String, Service> services = new LinkedHashMap<>();
        map(top.get("services"), "services").forEach((name, body) -> services.put(name, service(name, map(body, "service " + name))));
        Set<String> volumes = new LinkedHashSet<>();
        if (top.get("volumes") != null) {
            volumes.addAll(map(top.get("volumes"), "volumes").keySet());
        }
        return new ComposeFile(directory, services, volumes);
    }

    /** The services of one profile, in file order. */
    List<Service> profile(String profile) {
        return services.values().stream().filter(s -> s.profiles().contains(profile)).toList();
    }

    Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("docker-compose.yml has no service '" + name + "'; services: " + services.keySet());
        }
        return service;
    }

    private static Service service(String name, Map<String, Object> body) {
        Optional<String> image = Optional.ofNullable(body.get("image")).map(String::valueOf);
        Map<String, String> dependsOn = new LinkedHashMap<>();
        Object depends = body.get("depends_on");
        if (depends instanceof List<?> list) {
            list.forEach(d -> dependsOn.put(String.valueOf(d), "service_started"));
        } else if (depends != null) {
            map(depends, name + ".depends_on").forEach((other, how) ->
                    dependsOn.put(other, String.valueOf(map(how, name + ".depends_on." + other).getOrDefault("condition", "service_started"))));
        }
        List<String> healthcheck = List.of();
        if (body.get("healthcheck") != null) {
            Object test = map(body.get("healthcheck"), name + ".healthcheck").get("test");
            healthcheck = test instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                    : test == null ? List.of() : List.of("CMD-SHELL", String.valueOf(test));
        }
        Optional<Duration> grace = Optional.ofNullable(body.get("stop_grace_period")).map(v -> duration(String.valueOf(v)));
        List<String> profiles = body.get("profiles") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new Service(name, image, body.containsKey("build"), environment(name, body.get("environment")),
                volumes(name, body.get("volumes")), ports(name, body.get("ports")), dependsOn, healthcheck, grace, profiles);
    }

    private static Map<String, String> environment(String service, Object environment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(service + ".environment: '" + text
                            + "' has no value, so it would be copied from the shell running docker compose; give it a value");
                }
                env.put(text.substring(0, eq), text.substring(eq + 1));
            }
        } else if (environment != null) {
            map(environment, service + ".environment").forEach((key, value) -> {
                if (value == null) {
                    throw new IllegalArgumentException(service + ".environment: " + key
                            + " has no value, so it would be copied from the shell running docker compose; give it a value");
                }
                env.put(key, String.valueOf(value));
            });
        }
        return env;
    }

    private static List<Volume> volumes(String service, Object volumes) {
        List<Volume> result = new ArrayList<>();
        if (volumes == null) {
            return result;
        }
        for (Object entry : (List<?>) volumes) {
            if (entry instanceof Map<?, ?> m) {
                String type = String.valueOf(m.get("type"));
                result.add(new Volume(String.valueOf(m.get("source")), String.valueOf(m.get("target")),
                        type.equals("bind"), Boolean.TRUE.equals(m.get("read_only"))));
                continue;
            }
            String[] parts = String.valueOf(entry).split(":");
            if (parts.length < 2) {
                throw new IllegalArgumentException(service + ".volumes: '" + entry + "' has no container path");
            }
            String source = parts[0];
            boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
            boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
            result.add(new Volume(source, parts[1], bind, readOnly));
        }
        return result;
    }

    private static List<Port> ports(String service, Object ports) {
        List<Port> result = new ArrayList<>();
        if (ports == null) {
            return result;
        }
        for (Object entry : (List<?>) ports) {
            String[] parts = String.valueOf(entry).replaceFirst("/(tcp|udp)$", "").split(":");
            try {
                int container = Integer.parseInt(parts[parts.length - 1]);
                int host = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : container;
                String ip = parts.length == 3 ? parts[0] : "";
                result.add(new Port(ip, host, container));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(service + ".ports: '" + entry + "' is not [ip:]host:container");
            }
        }
        return result;
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|us|h|m|s)");

    /** Compose durations: {@code 40s}, {@code 1m30s}, {@code 500ms}. */
    static Duration duration(String text) {
        Matcher m = DURATION_PART.matcher(text.strip());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofNanos(n * 1000);
            });
            end = m.end();
        }
        if (end == 0 || end != text.strip().length()) {
            throw new IllegalArgumentException("'" + text + "' is not a compose duration such as 40s or 1m30s");
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("docker-compose.yml: " + what + " must be a mapping, found " + node);
        }
        return (Map<String, Object>) node;
    }
}
