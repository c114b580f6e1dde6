package io.newswatch.pipeline;

import io.newswatch.alerts.Alert;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What each rule has alerted on each story, in the clustering task's story-alerts store (changelogged, written in
 * the same exactly-once transaction as the alerts): the rule's first alert on the story (key {@code <story>\n<rule>},
 * value the alert id), so a near-duplicate does not alert twice and a notification says whether it is the story's
 * first for the rule; and the sources the rule has alerted from on the story (key {@code <story>\n<rule>\nsources},
 * the sources one a line, in the order they first alerted), so each alert says whether its source is new
 * ({@code data.story.newSource}). Every key starts with the story id, so {@link #drop} removes a story's marks with
 * one prefix scan; a merge {@link #carry carries} an absorbed story's marks to the survivor.
 */
final class StoryAlertMarks {
    /** Sources remembered per story and rule; a source beyond them counts as new (the list would only grow). */
    static final int MAX_SOURCES = 1000;

    private final KeyValueStore<String, String> store;

    StoryAlertMarks(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Whether {@code rule} has alerted on {@code story} (or on a story merged into it). */
    boolean alerted(String story, String rule) {
        return store.get(firstAlertKey(story, rule)) != null;
    }

    /**
     * Records {@code alert} as alerting on {@code story} and returns {@code summary} as the alert sees it: its rule's
     * first alert on the story (this alert's own id when it is the first) and whether its source is new to the rule
     * on the story.
     */
    Alert.StorySummary place(String story, Alert.StorySummary summary, Alert alert) {
        String rule = alert.rule().id();
        String first = store.putIfAbsent(firstAlertKey(story, rule), alert.id());
        boolean newSource = addSource(story, rule, alert.document().sourceName());
        return summary.withFirstAlert(first == null ? alert.id() : first).withNewSource(newSource);
    }

    /** Carries {@code rule}'s marks on {@code absorbed} to {@code survivor}: its first alert where the survivor has none, and its sources. */
    void carry(String absorbed, String survivor, String rule) {
        String first = store.get(firstAlertKey(absorbed, rule));
        if (first != null) {
            store.putIfAbsent(firstAlertKey(survivor, rule), first);
        }
        Set<String> from = sources(absorbed, rule);
        if (from.isEmpty()) {
            return;
        }
        Set<String> into = sources(survivor, rule);
        int before = into.size();
        for (String source : from) {
            if (into.size() >= MAX_SOURCES) {
                break;
            }
            into.add(source);
        }
        if (into.size() != before) {
            store.put(sourcesKey(survivor, rule), String.join("\n", into));
        }
    }

    /** Removes every mark of {@code story}. */
    void drop(String story) {
        List<String> marks = new ArrayList<>();
        try (KeyValueIterator<String, String> prefixed = store.prefixScan(story + "\n", new StringSerializer())) {
            prefixed.forEachRemaining(entry -> marks.add(entry.key));
        }
        marks.forEach(store::delete);
    }

    /** Records that {@code rule} alerted on {@code story} from the source {@code name}; returns whether it is new to it. */
    private boolean addSource(String story, String rule, String name) {
        Set<String> known = sources(story, rule);
        if (known.contains(name)) {
            return false;
        }
        if (known.size() < MAX_SOURCES) {
            known.add(name);
            store.put(sourcesKey(story, rule), String.join("\n", known));
        }
        return true;
    }

    private Set<String> sources(String story, String rule) {
        String value = store.get(sourcesKey(story, rule));
        return value == null || value.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(List.of(value.split("\n")));
    }

    private static String firstAlertKey(String story, String rule) {
        return story + "\n" + rule;
    }

    private static String sourcesKey(String story, String rule) {
        return story + "\n" + rule + "\nsources";
    }
}
