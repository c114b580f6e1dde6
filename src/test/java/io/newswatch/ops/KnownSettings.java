package io.newswatch.ops;

import io.newswatch.rules.RuleFileParser;
import io.newswatch.config.NewswatchConfig;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The environment variables the packaged newswatch daemon reads, derived from the code, so that a
 * variable in {@code docker-compose.yml} or the {@code Dockerfile} is checked against what is really
 * read rather than against a list someone must remember to update. A misspelt name such as
 * {@code QUARKUS_MAILER_HOTS} is otherwise silently ignored by Quarkus, and the operator finds out
 * only when no email ever arrives.
 *
 * <p>The sources, each turned into env-var form by the Quarkus rule (upper case, every character
 * that is not a letter or digit becomes {@code _}):
 * <ul>
 * <li><b>newswatch's own settings</b>: every {@code @ConfigMapping} interface among the compiled
 *     classes under {@code io.newswatch} (in practice {@code io.newswatch.config}), expanded into
 *     property names by SmallRye Config itself ({@link ConfigMappings#getProperties}): prefix plus
 *     kebab-case method names, nested groups, {@code Optional}, lists ({@code name[0]}) and maps
 *     ({@code name.<key>}), with {@code @WithName}/{@code @WithParentName} honoured. Using the
 *     library's own expansion rather than a re-implementation of its naming rules means the names
 *     are exactly the ones it will look up (it turns {@code startTLS()} into {@code start-tls}, for
 *     example). Plus every {@code @ConfigProperty(name = ...)} injection point in those classes.</li>
 * <li><b>{@code application.properties}</b>: its keys (an env var overrides a key defined there) and
 *     the names its {@code ${...}} expressions refer to, which is where {@code KAFKA_BOOTSTRAP_SERVERS}
 *     comes from. Keys under {@code quarkus.} are left to the next source, which knows whether
 *     they can still change at run time; profile keys such as {@code %test.} do not apply to the
 *     daemon and are skipped.</li>
 * <li><b>Quarkus's own settings</b> ({@code QUARKUS_MAILER_*}, {@code QUARKUS_HTTP_*},
 *     {@code QUARKUS_LOG_*}, ...): every config root that the Quarkus extensions on the classpath
 *     list in {@code META-INF/quarkus-config-roots.list}, e.g.
 *     {@code io.quarkus.mailer.runtime.MailersRuntimeConfig} and
 *     {@code io.quarkus.vertx.http.runtime.VertxHttpConfig}, expanded the same way. Only roots of
 *     phase {@code RUN_TIME} count: build-time settings such as {@code quarkus.http.root-path} are
 *     fixed when the jar is built, and setting them in a container changes nothing. Map keys (a
 *     named mailer, a log category) match any name. This is the list Quarkus itself validates
 *     against, so it cannot drift from the Quarkus version in the pom.</li>
 * <li><b>The JVM's own</b> {@code JDK_JAVA_OPTIONS} and {@code JAVA_TOOL_OPTIONS}, read by the
 *     {@code java} launcher and the JVM before newswatch starts (e.g. for {@code -Xmx}).</li>
 * </ul>
 */
final class KnownSettings {
    private static final List<String> JVM_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}${]+)");

    /** Env name without wildcards, to where it comes from. */
    private final Map<String, String> exact;
    /** Env names with a map key or list index in them, as patterns, to where they come from. */
    private final Map<Pattern, String> patterns;
    /** Quarkus settings fixed at build time, only to say so when one is set in a container. */
    private final Map<String, String> buildTime;

    private KnownSettings(Map<String, String> exact, Map<Pattern, String> patterns, Map<String, String> buildTime) {
        this.exact = exact;
        this.patterns = patterns;
        this.buildTime = buildTime;
    }

    /** Everything the daemon on this classpath reads. */
    static KnownSettings fromClasspath() {
        Builder builder = new Builder();
        Path classes = applicationClasses();
        withRoot(classes, root -> {
            newswatchSettings(root, builder);
            applicationProperties(root, builder);
        });
        quarkusRuntimeRoots(builder);
        JVM_VARIABLES.forEach(name -> builder.add(name, "read by the JVM"));
        return builder.build();
    }

    /** These settings plus variables named elsewhere, such as a webhook's {@code secret_env}. */
    KnownSettings plus(Collection<String> names, String source) {
        Map<String, String> more = new TreeMap<>(exact);
        names.forEach(n -> more.put(envName(n), source));
        return new KnownSettings(more, patterns, buildTime);
    }

    boolean reads(String variable) {
        return source(variable).isPresent();
    }

    /** Which setting a variable sets, e.g. {@code quarkus.mailer.host (MailersRuntimeConfig)}; empty when none. */
    Optional<String> source(String variable) {
        String env = envName(variable);
        String found = exact.get(env);
        if (found != null) {
            return Optional.of(found);
        }
        return patterns.entrySet().stream().filter(e -> e.getKey().matcher(env).matches()).map(Map.Entry::getValue).findFirst();
    }

    /** The build-time Quarkus property a variable would set, e.g. {@code quarkus.http.root-path}; such a variable changes nothing at run time. */
    Optional<String> buildTimeProperty(String variable) {
        return Optional.ofNullable(buildTime.get(envName(variable)));
    }

    /** The known names closest to a variable (edit distance of at most 3), closest first, for error messages. */
    List<String> closest(String variable, int limit) {
        String env = envName(variable);
        return exact.keySet().stream()
                .map(k -> Map.entry(k, RuleFileParser.editDistance(env, k)))
                .filter(e -> e.getValue() <= 3)
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }

    /** The Quarkus rule: upper case, and every character that is not a letter or digit becomes {@code _}. */
    static String envName(String property) {
        StringBuilder env = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            env.append(isAsciiLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return env.toString();
    }

    /** {@code quarkus.mailer.*.host} and {@code a.list[*].b} as env-var patterns. */
    static Pattern envPattern(String path) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (path.startsWith("[*]", i)) {
                regex.append("_[0-9]+_");
                i += 2;
            } else if (c == '*') {
                regex.append("[A-Z0-9_]+");
            } else {
                regex.append(isAsciiLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static final class Builder {
        final Map<String, String> exact = new TreeMap<>();
        final Map<Pattern, String> patterns = new LinkedHashMap<>();
        final Map<String, String> buildTime = new TreeMap<>();

        void add(String property, String source) {
            if (property.contains("*")) {
                patterns.putIfAbsent(envPattern(property), property + " (" + source + ")");
            } else {
                exact.putIfAbsent(envName(property), property + " (" + source + ")");
            }
        }

        void addMapping(Class<?> mapping, String prefix) {
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix))
                    .keySet().forEach(path -> add(path, mapping.getSimpleName()));
        }

        void addBuildTime(Class<?> mapping, String prefix) {
            ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix))
                    .keySet().stream().filter(path -> !path.contains("*")).forEach(path -> buildTime.putIfAbsent(envName(path), path));
        }

        KnownSettings build() {
            return new KnownSettings(exact, patterns, buildTime);
        }
    }

    /** Where the application's compiled classes and application.properties are: a folder, or the jar under test. */
    private static Path applicationClasses() {
        try {
            URL location = NewswatchConfig.class.getProtectionDomain().getCodeSource().getLocation();
            return Path.of(location.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface RootAction {
        void run(Path root) throws IOException;
    }

    private static void withRoot(Path classes, RootAction action) {
        try {
            if (Files.isDirectory(classes)) {
                action.run(classes);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(classes)) {
                    action.run(jar.getPath("/"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the application classes in " + classes, e);
        }
    }

    private static void newswatchSettings(Path root, Builder builder) throws IOException {
        Path packageDir = root.resolve("io/newswatch");
        List<String> classNames;
        try (Stream<Path> files = Files.walk(packageDir)) {
            classNames = files.map(f -> root.relativize(f).toString())
                    .filter(name -> name.endsWith(".class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
        ClassLoader loader = KnownSettings.class.getClassLoader();
        for (String name : classNames) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + name + " to look for settings: " + e, e);
            }
            ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
            if (mapping != null && type.isInterface()) {
                builder.addMapping(type, mapping.prefix());
            }
            for (String property : injectedProperties(type)) {
                builder.add(property, "@ConfigProperty in " + type.getSimpleName());
            }
        }
    }

    /** Names of {@code @ConfigProperty} fields and constructor or method parameters. */
    private static List<String> injectedProperties(Class<?> type) {
        List<String> names = new ArrayList<>();
        List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredFields()));
        List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
        executables.addAll(List.of(type.getDeclaredMethods()));
        for (Executable executable : executables) {
            for (Parameter parameter : executable.getParameters()) {
                elements.add(parameter);
            }
        }
        for (AnnotatedElement element : elements) {
            ConfigProperty property = element.getAnnotation(ConfigProperty.class);
            if (property != null && !property.name().isEmpty()) {
                names.add(property.name());
            }
        }
        return names;
    }

    private static void applicationProperties(Path root, Builder builder) throws IOException {
        Path file = root.resolve("application.properties");
        if (!Files.exists(file)) {
            return;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        for (String key : properties.stringPropertyNames()) {
            if (!key.startsWith("%") && !key.startsWith("quarkus.")) {
                builder.add(key, "application.properties");
            }
            Matcher references = EXPRESSION.matcher(properties.getProperty(key));
            while (references.find()) {
                builder.add(references.group(1), "referred to in application.properties");
            }
        }
    }

    private static void quarkusRuntimeRoots(Builder builder) {
        ClassLoader loader = KnownSettings.class.getClassLoader();
        List<String> roots = new ArrayList<>();
        try {
            Enumeration<URL> lists = loader.getResources("META-INF/quarkus-config-roots.list");
            while (lists.hasMoreElements()) {
                try (InputStream in = lists.nextElement().openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(roots::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Quarkus config roots", e);
        }
        if (roots.isEmpty()) {
            throw new IllegalStateException("no META-INF/quarkus-config-roots.list on the classpath: are the Quarkus extensions missing?");
        }
        roots.sort(Comparator.naturalOrder());
        for (String name : roots) {
            Class<?> root;
            try {
                root = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load Quarkus config root " + name + ": " + e, e);
            }
            ConfigRoot configRoot = root.getAnnotation(ConfigRoot.class);
            ConfigMapping mapping = root.getAnnotation(ConfigMapping.class);
            if (configRoot == null) {
                continue;
            }
            if (configRoot.phase() != ConfigPhase.RUN_TIME) {
                if (mapping != null) {
                    builder.addBuildTime(root, mapping.prefix());
                }
                continue;
            }
            if (mapping == null) {
                throw new IllegalStateException("Quarkus config root " + name + " is not a @ConfigMapping; this reader does not know its settings");
            }
            builder.addMapping(root, mapping.prefix());
        }
    }

    @Override
    public String toString() {
        return "KnownSettings[" + exact.size() + " names, " + patterns.size() + " patterns]";
    }
}
