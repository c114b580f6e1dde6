package io.newswatch.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named groups of synonyms from {@code rules/_aliases.yml}, used in queries as {@code @name}.
 * Each entry is a word, a phrase of several words, or a suffix wildcard such as {@code pyongyang*}.
 */
public record Aliases(Map<String, List<String>> groups) {
    public static final Aliases NONE = new Aliases(Map.of());

    public Aliases {
        groups = Map.copyOf(groups);
    }

    public Optional<List<String>> get(String name) {
        return Optional.ofNullable(groups.get(name));
    }
}
