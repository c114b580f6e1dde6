package io.newswatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the package layout of docs/architecture.md: every import in src/main/java points down the
 * layer order, and no two packages depend on each other. A subpackage counts as its parent
 * ({@code delivery.webhook} is {@code delivery}). A new top-level package must be given a layer here.
 */
class PackageLayoutTest {
    /** Top to bottom; a package may import only packages on a lower layer. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("daemon"),
            Set.of("api", "cli", "console"),
            Set.of("pipeline", "delivery", "archive", "evaluation"),
            Set.of("alerts"),
            Set.of("classify"),
            Set.of("matching"),
            Set.of("rules", "ingest"),
            Set.of("document", "text", "config", "broker", "stories"));

    private static final Path MAIN = Path.of("src/main/java/io/newswatch");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?io\\.newswatch\\.([a-z0-9_]+)\\.", Pattern.MULTILINE);

    @Test
    void everyImportPointsDownTheLayers() {
        List<String> violations = new ArrayList<>();
        imports().forEach((file, targets) -> {
            String from = packageOf(file);
            for (String to : targets) {
                if (!to.equals(from) && layer(to) <= layer(from)) {
                    violations.add(MAIN.relativize(file) + ": " + from + " (layer " + layer(from) + ") imports " + to
                            + " (layer " + layer(to) + "); imports must point down");
                }
            }
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        Map<String, Set<String>> graph = new TreeMap<>();
        imports().forEach((file, targets) -> {
            String from = packageOf(file);
            targets.stream().filter(to -> !to.equals(from))
                    .forEach(to -> graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to));
        });
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles);
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            List<String> missing = dirs.filter(Files::isDirectory).filter(PackageLayoutTest::holdsJava)
                    .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
                    .map(dir -> MAIN.relativize(dir).toString()).toList();
            assertEquals(List.of(), missing);
        }
    }

    @Test
    void findsTheSources() {
        assertTrue(imports().size() > 50, "expected the main sources under " + MAIN.toAbsolutePath());
    }

    private static void findCycle(Map<String, Set<String>> graph, String node, List<String> path, List<String> cycles) {
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (next.equals(path.get(0))) {
                if (path.stream().allMatch(p -> p.compareTo(next) >= 0)) { // report each cycle once, from its smallest name
                    cycles.add(String.join(" -> ", path) + " -> " + next);
                }
            } else if (!path.contains(next)) {
                path.add(next);
                findCycle(graph, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package io.newswatch." + pkg + " has no layer; add it to PackageLayoutTest.LAYERS and docs/architecture.md");
    }

    private static String packageOf(Path file) {
        Path relative = MAIN.relativize(file);
        if (relative.getNameCount() < 2) {
            throw new AssertionError(relative + " sits directly in io.newswatch; put it in a package");
        }
        return relative.getName(0).toString();
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Path, Set<String>> imports() {
        Map<Path, Set<String>> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Set<String> targets = new TreeSet<>();
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    targets.add(m.group(1));
                }
                result.put(file, targets);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
