package io.newswatch.ops;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference such as {@code apache/kafka:4.0.1} or {@code eclipse-temurin:21.0.8_9-jre-noble}.
 * An operator's {@code docker compose up} next month must run what was tested today, so a
 * reference counts as pinned only with a digest or a tag naming an exact release
 * (major.minor.patch, optionally with a {@code v} in front and a suffix such as {@code _9-jre-noble}).
 * Floating tags are refused: {@code latest}, none at all (which means latest), {@code 21-jre} or
 * {@code 4.0} (which move with every patch release), or names such as {@code stable}.
 */
record ImageReference(String repository, Optional<String> tag, Optional<String> digest) {
    private static final Pattern EXACT_RELEASE = Pattern.compile("v?\\d+\\.\\d+\\.\\d+([._+-].*)?");

    static ImageReference parse(String reference) {
        String rest = reference.strip();
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) { // a colon before the last slash belongs to a registry port
            return new ImageReference(rest.substring(0, colon), Optional.of(rest.substring(colon + 1)), digest);
        }
        return new ImageReference(rest, Optional.empty(), digest);
    }

    /** Why this reference is not pinned; empty when it is. */
    Optional<String> unpinnedBecause() {
        if (digest.isPresent()) {
            return digest.get().startsWith("sha256:") ? Optional.empty()
                    : Optional.of("digest '" + digest.get() + "' is not sha256:<hex>");
        }
        if (repository.contains("$") || tag.map(t -> t.contains("$")).orElse(false)) {
            return Optional.of("it is built from variables, so what it names depends on the shell");
        }
        if (tag.isEmpty()) {
            return Optional.of("it has no tag, which means 'latest'");
        }
        if (tag.get().equals("latest")) {
            return Optional.of("'latest' changes with every release");
        }
        if (!EXACT_RELEASE.matcher(tag.get()).matches()) {
            return Optional.of("tag '" + tag.get() + "' does not name an exact release (major.minor.patch, e.g. 4.0.1)");
        }
        return Optional.empty();
    }
}
