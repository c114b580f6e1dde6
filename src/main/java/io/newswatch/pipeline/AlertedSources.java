package io.newswatch.pipeline;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The sources a rule has alerted from on a story, kept in the story-alerts store next to the rule's first alert
 * (key {@code <story>\n<rule>\nsources}, value the sources one a line, in the order they first alerted), so each
 * alert can say whether its source is new to the rule's notifications on the story
 * ({@code data.story.newSource}) and a merge can carry an absorbed story's sources to the survivor. The store is
 * the clustering task's, changelogged and written in the same exactly-once transaction as the alert; the key
 * starts with the story id, so dropping a story's marks ({@code prefixScan(story + "\n")}) drops these too.
 */
final class AlertedSources {
    /** Sources remembered per story and rule; a source beyond them counts as new (the list would only grow). */
    static final int MAX_SOURCES = 1000;

    private AlertedSources() {}

    static String key(String story, String rule) {
        return story + "\n" + rule + "\nsources";
    }

    /** Records that {@code rule} alerted on {@code story} from {@code source}; returns whether that source is new to it. */
    static boolean add(KeyValueStore<String, String> store, String story, String rule, String source) {
        String name = name(source);
        Set<String> known = read(store, story, rule);
        if (known.contains(name)) {
            return false;
        }
        if (known.size() < MAX_SOURCES) {
            known.add(name);
            store.put(key(story, rule), String.join("\n", known));
        }
        return true;
    }

    /** Adds the sources {@code rule} alerted from on {@code absorbed} to those of {@code survivor}. */
    static void carry(KeyValueStore<String, String> store, String absorbed, String survivor, String rule) {
        Set<String> from = read(store, absorbed, rule);
        if (from.isEmpty()) {
            return;
        }
        Set<String> into = read(store, survivor, rule);
        int before = into.size();
        for (String source : from) {
            if (into.size() >= MAX_SOURCES) {
                break;
            }
            into.add(source);
        }
        if (into.size() != before) {
            store.put(key(survivor, rule), String.join("\n", into));
        }
    }

    private static Set<String> read(KeyValueStore<String, String> store, String story, String rule) {
        String value = store.get(key(story, rule));
        return value == null || value.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(List.of(value.split("\n")));
    }

    /** A source as notifications name it (one line: a newline would split the stored list). */
    static String name(String source) {
        return source == null || source.isBlank() ? "unknown source" : source.replace('\n', ' ').replace('\r', ' ');
    }
}
