package io.newswatch.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder standing in for the newswatch container's file system, laid out as Docker would: first
 * what the Dockerfile's final stage copies from the build context ({@code seeds/} to
 * {@code /app/seeds/}, ...), then the compose service's volumes, a bind mount replacing what the
 * image had at its path (as {@code docker/_recipients.yml} over {@code /app/rules/_recipients.yml})
 * and a named volume starting as the image's folder. A container path such as {@code /app/rules}
 * is then {@link #hostPath} {@code <root>/app/rules}.
 */
final class ContainerFiles {
    private final Path root;

    private ContainerFiles(Path root) {
        this.root = root;
    }

    static ContainerFiles build(NewswatchContainer container, Path root) throws IOException {
        ContainerFiles files = new ContainerFiles(Files.createDirectories(root));
        Path context = container.projectDir();
        for (Dockerfile.Copy copy : container.image().copies()) {
            if (copy.fromStage().isPresent()) {
                continue; // the application itself: the test runs target/quarkus-app instead
            }
            for (String source : copy.sources()) {
                Path from = context.resolve(source);
                Path to = files.hostPath(copy.destination());
                if (Files.isRegularFile(from) && copy.destination().endsWith("/")) {
                    to = to.resolve(from.getFileName().toString());
                }
                copyTree(from, to);
            }
        }
        Files.createDirectories(files.hostPath(container.workdir()));
        for (ComposeFile.Volume volume : container.service().volumes()) {
            Path target = files.hostPath(volume.target());
            if (volume.bind()) {
                deleteTree(target);
                copyTree(container.compose().directory().resolve(volume.source()).normalize(), target);
            } else {
                Files.createDirectories(target);
            }
        }
        return files;
    }

    /** Where a container path lives in this folder. */
    Path hostPath(String containerPath) {
        if (!containerPath.startsWith("/")) {
            throw new IllegalArgumentException(containerPath + " is not an absolute container path");
        }
        return root.resolve(containerPath.substring(1)).normalize();
    }

    Path root() {
        return root;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            throw new IOException(from + " does not exist");
        }
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path path : tree.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
